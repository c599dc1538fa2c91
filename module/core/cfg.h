/* porch — SPDX-License-Identifier: MIT
 * The configuration file: one libconfig file, every setting with a default.
 */
#ifndef PORCH_CFG_H
#define PORCH_CFG_H

#include <stddef.h>

#include "log.h"

struct cfg_db {
	char	*socket;
	char	*host;
	int	 port;
	char	*name;
	char	*user;
	char	*password;
	int	 connect_timeout;
	/* A Galera cluster (docs/CLUSTER.md): the other nodes, tried in order when
	 * the one above does not answer ("/socket" or "host[:port]", comma-separated);
	 * cluster: causal reads where a request must see the last one's write. */
	char	*fallbacks;
	int	 cluster;
	int	 conflict_retries;	/* runs of a transaction after a conflict */
	int	 read_timeout;		/* seconds an answer is waited for */
	int	 cluster_read_timeout;	/* the same when cluster is set */
};

struct cfg_limits {
	int	 body_max;	/* bytes of request body */
	int	 fields_max;	/* fields in a query string, form or cookie header */
	int	 field_max;	/* bytes of one decoded field value */
	int	 param_max;	/* bytes of one FastCGI param (header) */
};

/* The tenant API (module/api): its own body limit and the per-key rate limit. */
struct cfg_api {
	int	 body_limit;		/* bytes of a JSON request body */
	int	 upload_limit;		/* bytes of a document's file (PUT .../file) */
	int	 rate_per_minute;	/* requests per key per minute, all hosts */
	int	 batch_lines;		/* lines of one POST /api/v1/batch */
	int	 batch_line_max;	/* bytes of one batch line */
};

struct cfg_argon2 {
	int	 t_cost;	/* passes */
	int	 m_cost;	/* KiB */
	int	 parallelism;
	int	 max_concurrent;	/* hashes at once in one porchd; 0: auto */
};

struct cfg_session {
	int	 idle_seconds;
	int	 absolute_seconds;
};

/* Throttling of password and code checks (module/auth/throttle.c). */
struct cfg_signin {
	int	 delay_after;		/* free failures of one login from one address */
	int	 first_delay;		/* the first wait, seconds; each next one doubles */
	int	 max_delay;		/* longest wait, seconds */
	int	 address_delay_after;	/* free failures from one address, any login */
	int	 account_slow_after;	/* failures of one account before every
					   failing client waits from its first */
	int	 window_seconds;	/* failures older than this are forgotten */
};

/* smtp.starttls */
enum smtp_tls {
	SMTP_TLS_OFF,		/* plain SMTP */
	SMTP_TLS_OPPORTUNISTIC,	/* STARTTLS when offered, certificate not checked */
	SMTP_TLS_REQUIRED,	/* STARTTLS or no delivery, certificate verified */
	SMTP_TLS__MAX
};

/* The mail relay and the outbox sender (porchctl outbox send). */
struct cfg_smtp {
	char	*host;
	int	 port;
	int	 starttls;		/* enum smtp_tls */
	char	*ca_file;		/* "" for the system's CA certificates */
	char	*user;			/* "" for no SMTP AUTH */
	char	*password;
	char	*from;			/* envelope sender and From address */
	char	*from_name;		/* From display name, "" for none */
	int	 timeout;		/* seconds for one delivery */
	int	 max_attempts;		/* then the mail is marked failed */
	int	 retry_base_seconds;	/* first retry delay; doubles each attempt */
	int	 retry_max_seconds;	/* cap of the retry delay */
	int	 claim_seconds;		/* an older 'sending' claim is stale */
	int	 batch;			/* mails claimed at a time */
	int	 poll_seconds;		/* --loop: pause between passes */
};

/* The webhook sender (porchctl webhooks send) and endpoint registration. */
/*
 * Networks outgoing requests (webhooks, iCal feeds) may reach although they are
 * loopback, link-local or private: "allow_addresses", each an address with an
 * optional /prefix length. Plain http stays refused: only allow_private allows it.
 */
#define NET_ALLOW_MAX	16
struct net_allow {
	int	 n;
	struct {
		int		 family;	/* AF_INET or AF_INET6 */
		int		 prefix;	/* bits of addr that must match */
		unsigned char	 addr[16];	/* network byte order */
	}	 net[NET_ALLOW_MAX];
};

struct cfg_webhooks {
	int	 allow_private;		/* URLs and addresses on loopback, link-local or
					   private networks, and plain http, allowed */
	struct net_allow allow;		/* private networks allowed all the same */
	int	 timeout;		/* seconds for one delivery */
	char	*ca_file;		/* "" for the system's CA certificates */
	int	 retry_base_seconds;	/* first retry delay; doubles each attempt */
	int	 retry_max_seconds;	/* cap of the retry delay */
	int	 claim_seconds;		/* an older claim of an endpoint is stale */
	int	 batch;			/* events sent to one endpoint per claim */
	int	 poll_seconds;		/* --loop: pause between passes */
};

/* Calendar sync (iCal import): where a property's feeds may be fetched from. */
struct cfg_ical {
	int	 allow_private;		/* URLs and addresses on loopback, link-local or
					   private networks, and plain http, allowed */
	struct net_allow allow;		/* private networks allowed all the same */
	int	 timeout;		/* seconds for one fetch */
	int	 max_bytes;		/* a feed larger than this fails */
	int	 max_redirects;		/* redirects followed (each address checked) */
	char	*ca_file;		/* "" for the system's CA certificates */
};

/* documents.sender: which web server sends a document's file. */
enum doc_sender {
	DOC_SENDER_NGINX,	/* X-Accel-Redirect: nginx_prefix + path */
	DOC_SENDER_APACHE,	/* X-Sendfile: dir + "/" + path (mod_xsendfile) */
	DOC_SENDER__MAX
};

/* Documents: porchd checks the right, the web server sends the file. */
struct cfg_documents {
	int	 sender;		/* enum doc_sender */
	char	*dir;			/* the files, by storage_path below it */
	char	*nginx_prefix;		/* the internal location aliasing dir */
};

struct cfg {
	char		*path;
	char		*listen;	/* "unix:PATH", "HOST:PORT" or "fd:N" */
	int		 socket_mode;
	char		*socket_group;
	char		*user;		/* workers' account when started as root */
	char		*group;		/* "" for the user's own group */
	int		 workers;
	int		 shutdown_timeout;
	int		 log_syslog;
	enum log_level	 log_level;
	char		*pid_file;
	char		*schema_dir;
	int		 tenant_cache_seconds;
	struct cfg_db	 db;
	struct cfg_limits limits;
	struct cfg_api	 api;
	struct cfg_argon2 argon2;
	int		 https;		/* served over HTTPS: __Host- cookies, Secure */
	struct cfg_session session;
	struct cfg_signin signin;
	struct cfg_smtp	 smtp;
	struct cfg_webhooks webhooks;
	struct cfg_ical	 ical;
	int		 invite_seconds;	/* an invitation link lives this long */
	int		 reset_seconds;	/* a password-reset link lives this long */
	int		 reset_max_per_hour;	/* self-serve reset links per account */
	/* AES-256-GCM key for the secrets porch reads back (TOTP, token links). */
	unsigned char	 secret_key[32];
	int		 secret_key_set;
	struct cfg_documents documents;
	/* The metrics endpoint's "HOST:PORT", "" for none (metrics_serve.c). */
	char		*metrics_listen;
};

/*
 * Loads path into *c, filling every unset key with its default. Returns 0, or -1 with
 * "FILE:LINE: message" (or "FILE: message") in err. The caller frees *c with cfg_free()
 * either way.
 */
int	cfg_load(const char *path, struct cfg *c, char *err, size_t errlen);
void	cfg_free(struct cfg *c);

/*
 * porchd needs secret_key: returns 0, or -1 with "FILE: message" in err saying how to
 * make one.
 */
int	cfg_need_secret_key(const struct cfg *c, char *err, size_t errlen);

/* Fills *c with the defaults alone (for tools run without a config file). */
void	cfg_defaults(struct cfg *c);

#endif
