/* porch — SPDX-License-Identifier: MIT
 * GET /healthz: "ok" while MariaDB answers, 503 while it does not. For load balancers
 * and monitoring; served for any host.
 */
#include "config.h"

#include "handlers.h"
#include "store.h"

int
handle_healthz(struct req *r, struct resp *p)
{
	int rc = store_ping(&r->arena);

	p->content_type = "text/plain; charset=utf-8";
	if (rc == DB_OK) {
		buf_puts(&p->body, "ok\n");
		return 0;
	}
	p->status = 503;
	buf_puts(&p->body, "unavailable\n");
	return 0;
}
