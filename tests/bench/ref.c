/* porch — SPDX-License-Identifier: MIT
 * The benchmark's reference responder: bare libfcgi, N forked workers on one unix
 * socket, no framework. Three pages:
 *   /select   one prepared primary-key SELECT on MariaDB (statement prepared once
 *             per worker), its row written into a small HTML page;
 *   /select2  the same SELECT twice, one round trip after the other: the least a
 *             page that looks up its session and then its content can cost;
 *   anything else  a fixed HTML page.
 * Usage: ref SOCKET WORKERS DB_SOCKET DB_NAME DB_USER DB_PASSWORD ROW_ID
 * It runs until killed (SIGTERM ends the workers with the master).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <mysql.h>

static const char fixed_page[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	"<title>Reference</title></head><body><main><h1>Reference</h1>"
	"<p>A fixed page from a bare libfcgi responder.</p></main></body></html>\n";

struct db {
	MYSQL *m;
	MYSQL_STMT *st;
	MYSQL_BIND par[1], res[2];
	long long id, out_id;
	char name[256];
	unsigned long name_len;
};

static int
db_open(struct db *d, char **argv)
{
	static const char sql[] = "SELECT id, name FROM tenants WHERE id = ?";

	memset(d, 0, sizeof(*d));
	d->id = atoll(argv[7]);
	if ((d->m = mysql_init(NULL)) == NULL)
		return -1;
	mysql_options(d->m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	if (mysql_real_connect(d->m, NULL, argv[5], argv[6], argv[4], 0, argv[3], 0) == NULL) {
		fprintf(stderr, "ref: connect: %s\n", mysql_error(d->m));
		return -1;
	}
	if ((d->st = mysql_stmt_init(d->m)) == NULL ||
	    mysql_stmt_prepare(d->st, sql, sizeof(sql) - 1) != 0) {
		fprintf(stderr, "ref: prepare: %s\n", mysql_error(d->m));
		return -1;
	}
	d->par[0].buffer_type = MYSQL_TYPE_LONGLONG;
	d->par[0].buffer = &d->id;
	d->res[0].buffer_type = MYSQL_TYPE_LONGLONG;
	d->res[0].buffer = &d->out_id;
	d->res[1].buffer_type = MYSQL_TYPE_STRING;
	d->res[1].buffer = d->name;
	d->res[1].buffer_length = sizeof(d->name) - 1;
	d->res[1].length = &d->name_len;
	if (mysql_stmt_bind_param(d->st, d->par) != 0 ||
	    mysql_stmt_bind_result(d->st, d->res) != 0)
		return -1;
	return 0;
}

/* One execution; the row's name in d->name, or -1. */
static int
db_row(struct db *d)
{
	int rc;

	if (mysql_stmt_execute(d->st) != 0)
		return -1;
	rc = mysql_stmt_fetch(d->st);
	mysql_stmt_free_result(d->st);
	if (rc != 0 && rc != MYSQL_DATA_TRUNCATED)
		return -1;
	if (d->name_len >= sizeof(d->name))
		d->name_len = sizeof(d->name) - 1;
	d->name[d->name_len] = '\0';
	return 0;
}

static void
serve(int fd, char **argv)
{
	FCGX_Request fr;
	struct db d;
	char out[2048];
	int n;

	if (db_open(&d, argv) != 0)
		exit(1);
	FCGX_InitRequest(&fr, fd, 0);
	while (FCGX_Accept_r(&fr) >= 0) {
		const char *uri = FCGX_GetParam("DOCUMENT_URI", fr.envp);

		if (uri != NULL && (strcmp(uri, "/select") == 0 ||
		    strcmp(uri, "/select2") == 0)) {
			if (db_row(&d) != 0 || (uri[7] == '2' && db_row(&d) != 0)) {
				FCGX_FPrintF(fr.out, "Status: 500\r\nContent-Type: text/plain\r\n\r\n"
				    "database error\n");
			} else {
				/* The name comes from our own row: no escaping needed for the bench. */
				n = snprintf(out, sizeof(out),
				    "Status: 200\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
				    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
				    "<title>Reference</title></head><body><main><h1>%s</h1>"
				    "<p>Row %lld.</p></main></body></html>\n", d.name, d.out_id);
				FCGX_PutStr(out, n, fr.out);
			}
		} else {
			n = snprintf(out, sizeof(out),
			    "Status: 200\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s",
			    fixed_page);
			FCGX_PutStr(out, n, fr.out);
		}
		FCGX_Finish_r(&fr);
	}
	exit(0);
}

int
main(int argc, char **argv)
{
	int fd, i, workers;
	pid_t pid;

	if (argc != 8) {
		fprintf(stderr, "usage: ref SOCKET WORKERS DB_SOCKET DB_NAME DB_USER "
		    "DB_PASSWORD ROW_ID\n");
		return 2;
	}
	workers = atoi(argv[2]);
	if (workers < 1)
		workers = 1;
	if (FCGX_Init() != 0)
		return 1;
	unlink(argv[1]);
	if ((fd = FCGX_OpenSocket(argv[1], 128)) < 0) {
		fprintf(stderr, "ref: cannot listen on %s\n", argv[1]);
		return 1;
	}
	chmod(argv[1], 0666);
	for (i = 0; i < workers; i++) {
		if ((pid = fork()) < 0)
			return 1;
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			serve(fd, argv);
		}
	}
	while (wait(NULL) > 0)
		;
	return 0;
}
