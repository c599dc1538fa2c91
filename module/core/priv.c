/* porch — SPDX-License-Identifier: MIT
 * Dropping root for the workers (priv.h): account look-up in the master, the switch
 * and its check in each worker.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "priv.h"

int
priv_resolve(const struct cfg *c, struct priv *p, char *err, size_t errlen)
{
	const struct passwd *pw;
	const struct group *gr;
	int n = PRIV_GROUPS_MAX;

	memset(p, 0, sizeof(*p));
	if (geteuid() != 0)
		return 0;
	if ((pw = getpwnam(c->user)) == NULL) {
		snprintf(err, errlen, "%s: user \"%s\" does not exist: porchd started as "
		    "root serves as that user (create it with \"adduser --system --group "
		    "%s\", or set user to another unprivileged account)", c->path,
		    c->user, c->user);
		return -1;
	}
	p->uid = pw->pw_uid;
	p->gid = pw->pw_gid;
	snprintf(p->user, sizeof(p->user), "%s", pw->pw_name);
	if (c->group[0] != '\0') {
		if ((gr = getgrnam(c->group)) == NULL) {
			snprintf(err, errlen, "%s: group \"%s\" does not exist", c->path,
			    c->group);
			return -1;
		}
		p->gid = gr->gr_gid;
	}
	if ((gr = getgrgid(p->gid)) != NULL)
		snprintf(p->group, sizeof(p->group), "%s", gr->gr_name);
	else
		snprintf(p->group, sizeof(p->group), "%u", (unsigned)p->gid);
	if (getgrouplist(p->user, p->gid, p->groups, &n) < 0) {
		snprintf(err, errlen, "%s: user \"%s\" is in more than %d groups", c->path,
		    p->user, PRIV_GROUPS_MAX);
		return -1;
	}
	p->ngroups = n;
	if (p->uid == 0 || p->gid == 0) {
		snprintf(err, errlen, "%s: porchd never serves as root: set user (and "
		    "group) to an unprivileged account such as \"porch\"", c->path);
		return -1;
	}
	for (int i = 0; i < p->ngroups; i++)
		if (p->groups[i] == 0) {
			snprintf(err, errlen, "%s: user \"%s\" is in group root: porchd "
			    "never serves with root's group", c->path, p->user);
			return -1;
		}
	p->drop = 1;
	return 0;
}

int
priv_drop(const struct priv *p, char *err, size_t errlen)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg, list[PRIV_GROUPS_MAX + 1];
	int n;

	if (!p->drop)
		return 0;
	if (setgroups((size_t)p->ngroups, p->groups) < 0 ||
	    setresgid(p->gid, p->gid, p->gid) < 0 ||
	    setresuid(p->uid, p->uid, p->uid) < 0) {
		snprintf(err, errlen, "cannot switch to user %s, group %s: %s", p->user,
		    p->group, strerror(errno));
		return -1;
	}
	/* Every id switched, no group of root's left, and no way back. */
	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    ru != p->uid || eu != p->uid || su != p->uid ||
	    rg != p->gid || eg != p->gid || sg != p->gid ||
	    (n = getgroups(PRIV_GROUPS_MAX + 1, list)) < 0 || n != p->ngroups ||
	    setuid(0) == 0 || setgid(0) == 0) {
		snprintf(err, errlen, "switching to user %s, group %s did not take",
		    p->user, p->group);
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (list[i] == 0) {
			snprintf(err, errlen, "group root still held after switching to "
			    "user %s", p->user);
			return -1;
		}
	return 0;
}

const char *
priv_file_problem(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return NULL;
	if (st.st_mode & (S_IROTH | S_IWOTH))
		return "is readable or writable by every local user, yet holds the "
		    "database password and secret_key: chmod 0640 it (owner root, "
		    "group of porchd's user) or 0600";
	return NULL;
}
