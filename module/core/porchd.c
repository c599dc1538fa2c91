/* porch — SPDX-License-Identifier: MIT
 * porchd: the FastCGI responder. Reads the config, opens the socket and hands over to
 * the master process.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "log.h"
#include "master.h"
#include "priv.h"

#ifndef PORCH_SYSCONFDIR
#define PORCH_SYSCONFDIR "/etc/porch"
#endif

static void
usage(FILE *f)
{
	fprintf(f, "usage: porchd [-t] [-c FILE] [-p PIDFILE]\n"
	    "  -c FILE     configuration file (default %s/porch.conf)\n"
	    "  -t          check the configuration and exit\n"
	    "  -p PIDFILE  write the master's pid there (overrides pid_file)\n"
	    "  -V          print the version and exit\n", PORCH_SYSCONFDIR);
}

int
main(int argc, char **argv)
{
	const char *path = PORCH_SYSCONFDIR "/porch.conf", *pidfile = NULL;
	struct cfg *cfg = calloc(1, sizeof(*cfg));
	struct priv priv;
	int test = 0, ch, fd, created;
	char err[512];
	const char *problem;

	while ((ch = getopt(argc, argv, "c:p:thV")) != -1) {
		switch (ch) {
		case 'c':
			path = optarg;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 't':
			test = 1;
			break;
		case 'V':
			printf("porchd %s\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || cfg == NULL) {
		usage(stderr);
		return 2;
	}
	if (cfg_load(path, cfg, err, sizeof(err)) < 0 ||
	    cfg_need_secret_key(cfg, err, sizeof(err)) < 0 ||
	    priv_resolve(cfg, &priv, err, sizeof(err)) < 0) {
		fprintf(stderr, "porchd: %s\n", err);
		cfg_free(cfg);
		free(cfg);
		return 2;
	}
	if ((problem = priv_file_problem(path)) != NULL)
		fprintf(stderr, "porchd: warning: %s %s\n", path, problem);
	if (test) {
		printf("porchd: %s: configuration is valid\n", path);
		cfg_free(cfg);
		free(cfg);
		return 0;
	}
	if (pidfile != NULL) {
		free(cfg->pid_file);
		cfg->pid_file = strdup(pidfile);
	}
	log_open("porchd", cfg->log_syslog, cfg->log_level);
	if ((fd = master_listen(cfg, &created)) < 0) {
		fprintf(stderr, "porchd: cannot listen on %s\n", cfg->listen);
		return 1;
	}
	return master_run(cfg, &priv, fd, created);
}
