/* porch — SPDX-License-Identifier: MIT
 * The write path: one function per change of the data model, called alike by the
 * staff pages, the portal pages and (to come) the tenant API and the imports. Each
 * one validates its input again, makes the change in one transaction, writes its
 * audit entry and its mail, and says what happened; the caller parses its own
 * input and renders the outcome. No change function sees a request or writes HTML.
 */
#ifndef PORCH_CHANGE_H
#define PORCH_CHANGE_H

#include <stdint.h>

#include "cfg.h"
#include "date.h"
#include "store_auth.h"	/* enum principal */
#include "util.h"

/* Who makes a change, and what the change needs to know of where it comes from. */
struct actor {
	struct arena	*a;		/* memory for the change's work */
	const struct cfg *cfg;
	int64_t		 tenant;
	const char	*kind;		/* audit actor kind ("portal", "staff", "token"...);
					 * NULL: nobody known */
	int64_t		 id;
	int64_t		 impersonator;	/* the staff member during "log in as", else 0 */
	const char	*ip;		/* the client's address; NULL outside a request */
	const char	*name;		/* how mail and notes name the actor */
	const char	*req_id;	/* for log lines; "" outside a request */
	const char	*tenant_name;	/* how mail names the tenant */
	const char	*origin;	/* "https://host[:port]" of links in mail; NULL
					 * outside a request (no link can be mailed) */
};

/*
 * The outcome of a change function: CHANGE_OK (DB_OK), a refusal below with its
 * title and sentence in struct change_result, or a DB_* error (negative) from the
 * store. Nothing is written unless CHANGE_OK.
 */
enum change_rc {
	CHANGE_OK = 0,
	CHANGE_INVALID = 1,	/* the input is not acceptable: 400 */
	CHANGE_NOT_FOUND = 2,	/* nothing the actor may change by that name: 404 */
	CHANGE_CONFLICT = 3,	/* refused by the data as it is: 409 */
	CHANGE_BUSY = 4		/* the cap on argon2 work is reached, nothing done: 503 */
};

struct change_result {
	int64_t		 id;		/* the row made or changed */
	const char	*title;		/* a refusal's heading */
	char		 msg[300];	/* a refusal's sentence */
	const char	*text;		/* a refusal's sentence that names several rows
					 * and may not fit msg (in the actor's arena);
					 * NULL: msg holds it */
	const char	*field;		/* the input a refusal is about, as the JSON
					 * pointer of the API's field ("/customer");
					 * NULL: the change as a whole */
	int		 unchanged;	/* a create-or-replace found the same data
					 * and wrote nothing */
};

/* A refusal's sentence: text when set, else msg. */
static inline const char *
change_sentence(const struct change_result *out)
{
	return out->text != NULL ? out->text : out->msg;
}

/*
 * The start of each run of a change's transaction (STORE_TXN in store.h, which runs
 * it again after a conflict): what a run reports as it goes (unchanged, and
 * *created when created is not NULL) is cleared, so that a run again says only what
 * it did itself. Returns 0.
 */
int	change_rerun(struct change_result *out, int *created);

/* Sets out's refusal (title and printf-style sentence) and returns rc. */
int	change_refuse(struct change_result *out, int rc, const char *title,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * For the changes by external id (the tenant API, imports): is s one line of 1 to
 * max characters (NULL passes unless required)? change_same(): are two optional
 * strings equal? change_differs(): adds name to d, the comma-separated list of
 * changed fields for the audit entry, when differ. change_raced(): the refusal of
 * a new row whose external id another request made at the same moment.
 * change_delete_xid(): remove(who, xid, out) in a transaction of its own.
 */
int	change_line_ok(const char *s, size_t max, int required);
/* change_line_ok() or CHANGE_INVALID naming field (a JSON pointer, "/name"). */
int	change_line_check(const char *s, size_t max, int required, const char *field,
	    struct change_result *out);
/* Is xid an external id? CHANGE_OK, or CHANGE_INVALID naming field (NULL: the
 * item's own, from the path). */
int	change_xid_check(const char *xid, const char *field, struct change_result *out);
int	change_same(const char *a, const char *b);
void	change_differs(char *d, size_t n, const char *name, int differ);
int	change_raced(struct change_result *out);
/* The same data again: nothing is written, and out says so (unchanged). DB_OK. */
int	change_unchanged(struct change_result *out);
int	change_delete_xid(const struct actor *who, const char *xid,
	    struct change_result *out,
	    int (*remove)(const struct actor *, const char *, struct change_result *));
/*
 * Inside a change's transaction: the row of kind k (store.h) with external id xid
 * into row, locked. DB_OK; when there is none, CHANGE_INVALID ("There is no WHAT
 * with external id XID.") naming field, the JSON pointer of the input that refers
 * to it, or CHANGE_NOT_FOUND when field is NULL (the row the change is about);
 * or a DB_* error.
 */
struct store_xid_kind;
int	change_xid_ref(const struct actor *who, const struct store_xid_kind *k,
	    const char *xid, const char *field, const char *what, void *row,
	    struct change_result *out);
/* change_xid_ref()'s refusal when there is no such row (out->field set to field). */
int	change_xid_missing(const char *field, const char *what, const char *xid,
	    struct change_result *out);
/*
 * After the insert of a new row (rc its outcome): change_raced() for a duplicate
 * external id, else *created set and the audit entry action on target written
 * (detail the external id). DB_OK, a refusal or a DB_* error.
 */
int	change_xid_created(const struct actor *who, int rc, const char *action,
	    const char *target, int64_t target_id, const char *xid, int *created,
	    struct change_result *out);

/*
 * Inside a change's transaction: the customer a row refers to, locked, by its
 * external id xid (the API) or, when xid is NULL, by id (staff). DB_OK;
 * CHANGE_INVALID naming /customer when there is none; or a DB_* error.
 */
struct customer_row;
int	customer_ref(const struct actor *who, const char *xid, int64_t id,
	    struct customer_row *c, struct change_result *out);

/*
 * Inside a change's transaction, last: the event of a change made in porch to a
 * customer, contact or property (TYPE "customer.created", ".updated", ".archived",
 * ".restored", and the same for contact and property; docs/INTERFACES.md
 * "Events"): the row as it is now (as it was, for an archive), and for an update
 * the fields that changed ("name,email"; NULL otherwise). An API key's changes
 * write none (change_event()). DB_OK or a DB_* error.
 */
struct contact_row;
struct property_row;
int	change_customer_event(const struct actor *who, const char *type,
	    const struct customer_row *c, const char *changed);
int	change_contact_event(const struct actor *who, const char *type,
	    const struct contact_row *k, const char *changed);
int	change_property_event(const struct actor *who, const char *type,
	    const struct property_row *p, const char *changed);

/*
 * Writes the actor's audit entry about target; a portal user acting for
 * themselves (not staff logged in as them) has their last action moved to now.
 * Returns DB_OK or a DB_* error.
 */
int	change_audit(const struct actor *who, const char *action,
	    const char *target_kind, int64_t target_id, const char *detail);

/*
 * Writes the change's event (store_events.h, docs/INTERFACES.md "Events") inside
 * its transaction, by the actor: type ("block.created", ...), the row it is about
 * (subject_kind, subject_id), the property and customer it concerns (0: none) and
 * data, the event's fields as a JSON object (jansson; the reference is taken, also
 * when it fails; NULL: out of memory, DB_ERROR). Called last in the transaction,
 * as it holds the tenant's event counter until the commit. A change by an API key
 * (the tenant's own system) writes no event. DB_OK or a DB_* error.
 */
struct json_t;
int	change_event(const struct actor *who, const char *type,
	    const char *subject_kind, int64_t subject_id, int64_t property,
	    int64_t customer, struct json_t *data);
/* change_event() with data {kind: row} and, when not NULL, "changed": the event
 * of a change to one row (subject kind, id). */
int	change_row_event(const struct actor *who, const char *type, const char *kind,
	    int64_t id, int64_t property, int64_t customer, struct json_t *row,
	    const char *changed);

/*
 * Mails subject and body about a property's bookings or block-offs to the tenant's
 * admins and the property's notify user, inside the caller's transaction. A notify
 * user with no address of their own is named in the admins' copy and audited
 * (mail.notify_unmailed). Another address that cannot be mailed is skipped.
 * Returns DB_OK or a DB_* error.
 */
int	change_booking_mail(const struct actor *who, int64_t property,
	    const char *subject, const char *body);
/*
 * Mails subject and body to the property's notify user alone (new data from the
 * tenant's own system, whose office needs no copy), inside the caller's
 * transaction; one without an address of their own is audited
 * (mail.notify_unmailed). Returns DB_OK or a DB_* error.
 */
int	change_booking_notify(const struct actor *who, int64_t property,
	    const char *subject, const char *body);
/* change_booking_notify() to nu, the notify user already found (id 0: none). */
struct notify_user;
int	change_notify_holder(const struct actor *who, const struct notify_user *nu,
	    int64_t property, const char *subject, const char *body);

/*
 * A group of the batch written set-wise (put_set.c), for a kind of row the tenant
 * API puts by external id: the same checks and outcomes as its one-by-one put, with
 * a few statements for the whole group instead of a few for each line. Each line
 * names its row and the row it refers to (its parent: a property's owner, a
 * booking's property) by external id.
 */
struct store_ref;
struct store_xid_set;
struct change_set_line {
	const void		*in;		/* the kind's input (struct booking_in...) */
	const char		*xid, *parent_xid;
	/* The outcome: CHANGE_OK (or a refusal, out says why) and created. */
	int			 rc;
	int			 created;
	struct change_result	 out;
	struct store_ref	*parent;	/* the parent found (id, name) */
};
struct change_set_kind {
	const struct store_xid_set *own, *parent;
	const char	*parent_field, *parent_what;	/* "/property", "property" */
	const char	*target;			/* the audit target: "booking" */
	const char	*create_action, *update_action;	/* "booking.create"... */
	/* The line's values checked, as the one-by-one put checks them. */
	int	(*check)(const void *in, struct change_result *out);
	/*
	 * The row the line makes into now (the kind's row struct, k->own->kind's,
	 * with its external id and parent set: what store_xid_put_set() writes);
	 * stored is the row as it is or NULL for a new one, and changed (n bytes)
	 * gets the names of the fields that differ from it, as the one-by-one put
	 * audits them ("" unchanged).
	 */
	void	(*row)(const struct actor *who, const void *in,
		    const struct store_ref *parent, const void *stored, void *now,
		    char *changed, size_t n);
};
/*
 * Puts lines l[0..n) inside the caller's transaction: each line checked
 * (k->check), the parents and the rows as they are read for the whole group (one
 * statement each), compared in C, and the new and changed rows written with one
 * statement and audited with one more (create: detail the external id; update:
 * the fields changed). A line refused changes nothing. The external ids of the
 * lines must differ. DB_OK with each line's outcome set, or a DB_* error (the
 * write did not go as read, or failed): the caller rolls the transaction back and
 * puts the lines one by one.
 */
int	change_put_set(const struct actor *who, const struct change_set_kind *k,
	    struct change_set_line *l, size_t n);
/*
 * A group of the batch's properties or bookings (distinct external ids), set-wise
 * through change_put_set() inside the caller's transaction: the same outcomes,
 * audit lines and mail (a new booking to its property's notify user) as
 * change_property_put() and change_booking_put() line by line. l[i].in is a
 * struct property_in or struct booking_in. DB_OK or a DB_* error as above.
 */
int	change_property_put_set(const struct actor *who, struct change_set_line *l,
	    size_t n);
int	change_booking_put_set(const struct actor *who, struct change_set_line *l,
	    size_t n);

/* --- Tenant API keys (api_keys.c) --- */
#define API_KEY_NAME_MAX	100	/* characters, as api_keys.name */

/*
 * Makes an API key named name (1 to API_KEY_NAME_MAX characters, no control
 * character; else CHANGE_INVALID), read-only or not; text gets the key, which is
 * shown once and stored only as its hash (API_KEY_LEN + 1 bytes, api_key.h).
 * out->id is the key. Audited (apikey.create).
 */
int	change_api_key_add(const struct actor *who, const char *name, int read_only,
	    char *text, struct change_result *out);
/*
 * Revokes the tenant's key id: its next request fails. CHANGE_NOT_FOUND when it is
 * not the tenant's, CHANGE_CONFLICT when it is revoked already. Audited
 * (apikey.revoke).
 */
int	change_api_key_revoke(const struct actor *who, int64_t id,
	    struct change_result *out);

/* --- Customers and contacts by external id (customers.c) --- */
#define PERSON_NAME_MAX		200	/* characters, as customers.name */
#define PHONE_MAX		64
#define ROLE_MAX		64

/*
 * A customer or contact as the tenant's system sends it: its external id and its
 * fields, NULL for none. customer_xid (contacts): the customer's external id.
 */
struct person_in {
	const char	*xid;
	const char	*customer_xid;	/* contacts only */
	const char	*name;
	const char	*email;
	const char	*phone;
	const char	*role;		/* contacts only */
	/*
	 * Staff pages: with xid NULL, the row is named by id (0: a new row, which
	 * has no external id) and a contact's customer by customer_id. A contact
	 * named by id must belong to customer_id (else CHANGE_NOT_FOUND).
	 */
	int64_t		 id;
	int64_t		 customer_id;
	/* A contact made with its portal user (change_user_new_contact()): its
	 * event is written after the user's, last, so that the change takes the
	 * tenant's rights version before its event counter, as every change does. */
	int		 event_later;
};

/*
 * Creates the tenant's customer (or contact) with external id in->xid, or replaces
 * its fields; the same fields again change nothing (no write, no audit entry;
 * out->unchanged is 1).
 * *created is 1 for a new row (a customer also gets its token link). Refused:
 * CHANGE_INVALID with out->field for a field that is not acceptable or a contact's
 * customer that does not exist. Audited (customer.create, customer.update,
 * contact.create, contact.update; the changed fields as detail).
 */
int	change_customer_put(const struct actor *who, const struct person_in *in,
	    int *created, struct change_result *out);
int	change_contact_put(const struct actor *who, const struct person_in *in,
	    int *created, struct change_result *out);
/*
 * Deletes the tenant's customer (with its contacts) or contact with external id
 * xid. CHANGE_NOT_FOUND when there is none; CHANGE_CONFLICT, saying why, for a
 * customer with properties, portal users, statements or documents, or a contact a
 * portal user is attached to. Audited (customer.delete, contact.delete).
 */
int	change_customer_delete(const struct actor *who, const char *xid,
	    struct change_result *out);
int	change_contact_delete(const struct actor *who, const char *xid,
	    struct change_result *out);

/* --- Properties by external id (properties.c) --- */
#define PROPERTY_NAME_MAX	200	/* characters, as properties.name */
#define ADDRESS_MAX		255	/* as properties.address, bookings.guest_address */
#define CITY_MAX		100
#define BEDROOMS_MAX		1000
#define PROPERTY_TEXT_MAX	4000	/* description, arrival instructions */

/* A property as the tenant's system sends it; NULL (bedrooms -1) for none. */
struct property_in {
	const char	*xid;
	const char	*customer_xid;	/* the owner's external id */
	const char	*name;
	const char	*address;
	const char	*city;
	int64_t		 bedrooms;
	const char	*description;
	const char	*arrival;	/* arrival instructions */
	/* Staff pages: with xid NULL, the property by id (0: a new one, without an
	 * external id) and its owner by customer_id (as person_in). */
	int64_t		 id;
	int64_t		 customer_id;
};

/*
 * Creates the tenant's property with external id in->xid, owned by the customer
 * with external id in->customer_xid, or replaces it; the same data again writes
 * nothing. CHANGE_INVALID naming the field (out->field) for a value refused or an
 * unknown owner. Audited (property.create, property.update with the fields that
 * changed); *created 1 for a new one.
 */
int	change_property_put(const struct actor *who, const struct property_in *in,
	    int *created, struct change_result *out);
/*
 * Deletes the tenant's property with external id xid, with its block-offs and
 * grants; CHANGE_CONFLICT naming them while bookings, statements or documents
 * need it, CHANGE_NOT_FOUND when there is none. Audited (property.delete).
 */
int	change_property_delete(const struct actor *who, const char *xid,
	    struct change_result *out);

/*
 * Archives (on) or brings back the tenant's customer, contact or property id
 * (kind: enum office_kind, store_office.h). An archived customer's portal users
 * and token link stop working (their sessions end); a contact is archived only
 * while no enabled portal user is attached to it (else CHANGE_CONFLICT); an
 * archived property leaves the portal. CHANGE_NOT_FOUND when id is not the
 * tenant's; archiving what is archived changes nothing (out->unchanged). Audited
 * (customer.archive, customer.restore, contact.archive, contact.restore,
 * property.archive, property.restore).
 */
int	change_archive(const struct actor *who, int kind, int64_t id, int on,
	    struct change_result *out);

/* --- Statements and documents by external id (papers.c) --- */
struct statement_xid;
struct document_xid;

/*
 * Creates the tenant's statement in->xid, or replaces it with its lines as a
 * whole (store_papers.h; customer_xid and property_xid name them, the ids are
 * found here): CHANGE_INVALID with out->field for a value refused or a customer
 * or property that does not exist or does not match. The same data again writes
 * nothing. A new statement is mailed to the portal users who may see it and want
 * such mail. Audited (statement.create, statement.update).
 */
int	change_statement_put(const struct actor *who, const struct statement_xid *in,
	    int *created, struct change_result *out);
int	change_statement_delete(const struct actor *who, const char *xid,
	    struct change_result *out);
/*
 * Creates or replaces document in->xid's metadata, as change_statement_put();
 * a new document has no file yet and is not in the portal. Audited
 * (document.create, document.update).
 */
int	change_document_put(const struct actor *who, const struct document_xid *in,
	    int *created, struct change_result *out);

/* A document's file, complete and in place under documents.dir. */
struct document_file {
	const char	*xid;
	const char	*storage_path;	/* relative to documents.dir */
	int64_t		 size;
	const char	*sha256;	/* 64 hex digits */
};

/*
 * Points document in->xid at its file. *old gets the file no longer named by
 * the row, for the caller to remove once this has returned CHANGE_OK (the one
 * replaced, or in->storage_path itself when it is the same file again, which
 * writes nothing); on any other outcome the caller removes in->storage_path.
 * *first is set when the document had no file: it is new to its readers then,
 * and mailed as a statement is. Audited (document.file).
 */
int	change_document_file(const struct actor *who, const struct document_file *in,
	    int *first, const char **old, struct change_result *out);
/* Deletes document xid; *path gets its file (NULL: none) for the caller to
 * remove after this has returned CHANGE_OK. Audited (document.delete). */
int	change_document_delete(const struct actor *who, const char *xid,
	    const char **path, struct change_result *out);

/* A document made by staff with its file, or a document's file replaced. */
struct document_upload {
	int64_t		 id;		/* 0: a new document; else the one replaced */
	int64_t		 customer_id;	/* a new document's owner, */
	int64_t		 property_id;	/* and its property (0: the whole customer) */
	const char	*title;		/* a new document's; a replaced one's own */
	const char	*file_name;	/* the file's, as uploaded */
	const char	*content_type;
	int		 is_private;	/* a new document's */
	const struct document_file *file;	/* storage_path, size, sha256 */
};

/*
 * The staff pages' upload, by row ids (rows made outside the API have no
 * external id): a new document with its file, mailed to its readers as
 * change_document_file() mails a first file, audited once (document.create with
 * size and hash); or the file of document in->id replaced, with its name and
 * type (document.file). CHANGE_NOT_FOUND for a customer, property or document
 * that is not the tenant's (or a property of another customer). *old as
 * change_document_file(); on any outcome but CHANGE_OK the caller removes
 * in->file's file.
 */
int	change_document_upload(const struct actor *who, const struct document_upload *in,
	    const char **old, struct change_result *out);
/* Deletes document id as change_document_delete() does. */
int	change_document_remove(const struct actor *who, int64_t id, const char **path,
	    struct change_result *out);

/*
 * The actor's (a portal user's) choice of mail about new statements and new
 * documents. Audited (account.mail) when it changes.
 */
int	change_mail_prefs(const struct actor *who, int statements, int documents,
	    struct change_result *out);

/* --- Block-offs (block.c) --- */
#define BLOCK_REASON_MAX	255	/* characters, as blocks.reason */

enum block_op { BLOCK_NEW, BLOCK_MOVE, BLOCK_DELETE };

struct access;
struct block_change {
	enum block_op	 op;
	int64_t		 property;	/* BLOCK_NEW: where */
	int64_t		 block;		/* BLOCK_MOVE, BLOCK_DELETE: which */
	long		 start, end;	/* days since the epoch, end excluded (not DELETE);
					 * 0: not given as a real day (date.h's
					 * years start after it) */
	const char	*reason;	/* BLOCK_NEW (and with replace), optional */
	const char	*xid;		/* BLOCK_NEW: the tenant system's external id
					 * (NULL: none) */
	int		 replace;	/* BLOCK_MOVE: the reason is replaced too, and the
					 * block-off may go to another property */
	int		 quiet;		/* no mail: the tenant's own system made it */
	int		 overlap_ok;	/* kept over a booking or block-off in the way
					 * (a channel's closed dates, the import) */
};

/*
 * Adds, moves or deletes a block-off within acc's rights (blocks.create for a new
 * one, blocks.modify otherwise), refused where a booking or another block-off is
 * in the way; audited (block.create, block.move, block.delete) and mailed. On
 * CHANGE_OK out->id is the block-off and *property and start (YYYY-MM-DD) say
 * where it is (or was); *property is set as soon as the block-off or property is
 * found, for the caller's way back.
 */
int	change_block(const struct actor *who, const struct access *acc,
	    const struct block_change *in, struct change_result *out,
	    int64_t *property, char start[11]);

/* A block-off as the tenant's system sends it (the tenant API). */
struct block_put {
	const char	*xid;
	const char	*property_xid;
	long		 start, end;	/* days since the epoch, end excluded */
	const char	*reason;	/* NULL: none */
	/* Set by the calendar import instead of property_xid: the property itself;
	 * the dates are kept even where a booking or block-off is in the way. */
	const struct property_row *property;
};

/*
 * Creates the tenant's block-off with external id in->xid on the property with
 * external id in->property_xid, or replaces it (dates, reason, property), through
 * the checks and the write of change_block(): CHANGE_INVALID for bad dates or an
 * unknown property (out->field "/property"), CHANGE_CONFLICT when a booking or
 * another block-off is in the way. The same again writes nothing. Audited
 * (block.create, block.move), not mailed. *created 1 for a new one.
 */
int	change_block_put(const struct actor *who, const struct block_put *in,
	    int *created, struct change_result *out);
/* Deletes the tenant's block-off with external id xid (CHANGE_NOT_FOUND when
 * none). Audited (block.delete). */
int	change_block_delete(const struct actor *who, const char *xid,
	    struct change_result *out);
/* The same two inside the caller's transaction (the calendar import's sync). */
int	change_block_put_in(const struct actor *who, const struct block_put *in,
	    int *created, struct change_result *out);
int	change_block_delete_in(const struct actor *who, const char *xid,
	    struct change_result *out);

/* --- Bookings (booking.c) --- */
#define NOTE_MAX	2000	/* characters */

struct booking;

/*
 * Adds the actor's note to booking k (as read for the actor, with their rights
 * there; staff during "log in as" write as themselves), audited (note.add).
 * Refused: CHANGE_NOT_FOUND without notes.add, CHANGE_INVALID when body is
 * NULL, blank or longer than NOTE_MAX characters.
 */
int	change_note_add(const struct actor *who, const struct booking *k,
	    const char *body, struct change_result *out);

/* --- Bookings and notes by external id (booking.c; the tenant API) --- */
#define BOOKING_REF_MAX		64	/* characters, as bookings.reference */
#define CHANNEL_MAX		64
#define GUESTS_MAX		999
#define MONEY_CENTS_MAX		INT64_C(100000000000000)	/* 10^14 cents */

/* Is s a time of day "HH:MM" (00:00 to 23:59)? A booking's status (tentative,
 * confirmed, cancelled)? An ISO 4217 code (three capital letters)? */
int	change_hhmm_ok(const char *s);
int	change_status_ok(const char *s);
int	change_currency_ok(const char *s);

struct property_row;
/* A booking as the tenant's system sends it; NULL for a text not given. */
struct booking_in {
	const char	*xid;
	const char	*property_xid;
	/* Or the property itself (its id, owner and name) when the caller has it
	 * (the iCal sync): then property_xid is not read. */
	const struct property_row *property;
	const char	*reference;	/* NULL: the external id (its first 64) */
	long		 arrival, departure;	/* days since the epoch; 0: not a day */
	const char	*checkin, *checkout;	/* HH:MM */
	const char	*status;	/* tentative | confirmed | cancelled */
	const char	*channel;
	const char	*guest_name, *guest_email, *guest_phone, *guest_address;
	int64_t		 adults, children, infants;
	int64_t		 cents[8];	/* FIN__MAX, enum fin_field order */
	const char	*currency;	/* ISO 4217 */
};

/*
 * Creates the tenant's booking with external id in->xid on the property with
 * external id in->property_xid, or replaces it; the same data again writes
 * nothing. CHANGE_INVALID naming the field for a value refused or an unknown
 * property. Audited (booking.create, booking.update with the fields that
 * changed). A new booking is mailed to its property's notify.bookings holder
 * (change_booking_notify()) in the same transaction. *created 1 for a new one.
 */
int	change_booking_put(const struct actor *who, const struct booking_in *in,
	    int *created, struct change_result *out);
/* change_booking_put() inside the caller's transaction (the iCal sync's, one per
 * feed). A new booking also writes the event booking.created (except for an API
 * key's own: change_event()). */
int	change_booking_put_in(const struct actor *who, const struct booking_in *in,
	    int *created, struct change_result *out);
/*
 * Deletes the tenant's booking with external id xid and its notes;
 * CHANGE_CONFLICT while a statement line names it. Audited (booking.delete).
 */
int	change_booking_delete(const struct actor *who, const char *xid,
	    struct change_result *out);

/* A note on a booking as the tenant's system sends it. */
struct note_in {
	const char	*xid;
	const char	*booking_xid;
	const char	*author_name;
	const char	*body;		/* the checks of change_note_add() */
};

/*
 * Creates the tenant's note with external id in->xid on the booking with external
 * id in->booking_xid (author kind system, under in->author_name), or replaces it.
 * Audited on the booking (note.add, note.update); *created 1 for a new one.
 */
int	change_note_put(const struct actor *who, const struct note_in *in,
	    int *created, struct change_result *out);
/* Deletes the tenant's note with external id xid. Audited (note.delete). */
int	change_note_delete(const struct actor *who, const char *xid,
	    struct change_result *out);

enum booking_op { BOOKING_CONFIRM, BOOKING_CANCEL, BOOKING_OP__MAX };

/*
 * Confirms tentative booking k or cancels it (k as read for the actor, with
 * bookings.manage there), audited (booking.confirm, booking.cancel, the old
 * status as detail) and mailed. Refused: CHANGE_NOT_FOUND without the right,
 * CHANGE_INVALID for an op not above, CHANGE_CONFLICT when its status (now)
 * does not allow the change.
 */
int	change_booking_status(const struct actor *who, const struct booking *k,
	    enum booking_op op, struct change_result *out);

/*
 * A manual booking: made in porch (the portal with bookings.create, staff) rather
 * than sent by the tenant's system, or its guest details changed
 * (booking.guest_edit). Dates and times as in struct booking_in.
 */
struct booking_manual {
	int64_t		 property;	/* a new booking: where */
	const char	*reference;	/* NULL: "M" and the booking's id */
	long		 arrival, departure;
	const char	*checkin, *checkout, *channel;
	const char	*guest_name, *guest_email, *guest_phone, *guest_address;
	int64_t		 adults, children, infants;
};

/*
 * Makes a confirmed booking on in->property (k NULL), or changes booking k (as
 * read for the actor), through the checks of change_booking_put(). acc is the
 * actor's access (staff: access_staff()). A new booking needs bookings.create on
 * the property; changing one needs bookings.create and that the actor made it (a
 * portal user, or any staff member for a booking made by staff or a portal user),
 * else guest_only with booking.guest_edit: then only the guest's name, email,
 * phone, address and counts change, and of those only what the actor may see.
 * The dates are refused (CHANGE_CONFLICT, with a sentence naming what is in the
 * way) when a booking that is not cancelled or a block-off holds any of them,
 * checked under the property's lock as block-offs are. Audited (booking.create
 * "manual", booking.update with the fields that changed), with an event
 * (booking.created, booking.updated) and, for a new one, the mail of the
 * property's notify.bookings holder. CHANGE_NOT_FOUND without the right.
 */
int	change_booking_manual(const struct actor *who, const struct access *acc,
	    const struct booking *k, int guest_only, const struct booking_manual *in,
	    struct change_result *out);

/* May the visitor change booking k (made in porch) in full, for change_booking_manual? */
int	change_booking_editable(const struct actor *who, const struct access *acc,
	    const struct booking *k);

/*
 * Adds a note to block-off b (notes.add on its property, rights as acc has them),
 * with the checks of change_note_add(). Audited (note.add on the block) with the
 * event block.note_added.
 */
/* A note's body: CHANGE_OK, or CHANGE_INVALID when NULL, blank or too long. */
int	change_note_check(const char *body, struct change_result *out);
/* Who a note is by: the actor, or the staff member logged in as them. */
void	change_note_author(const struct actor *who, const char **kind, int64_t *id);
/*
 * Inside a transaction, the property locked: CHANGE_OK when nothing holds
 * [start, end) of it (a booking not cancelled but except_booking, a block-off but
 * except_block; 0: none), else CHANGE_CONFLICT saying what is in the way.
 */
int	change_dates_free(const struct actor *who, int64_t property, const char *start,
	    const char *end, int64_t except_block, int64_t except_booking,
	    struct change_result *out);

struct block;
int	change_block_note_add(const struct actor *who, const struct access *acc,
	    const struct block *b, const char *body, struct change_result *out);

/* --- Permission groups (groups.c) --- */
struct perm_group;

/*
 * Creates g (g->id 0; out->id is the new group) or saves its name and rights
 * (was_named: its name before, for the audit entry), after checking the name
 * (leading and trailing blanks already trimmed): not empty, no control character,
 * GROUP_NAME_MAX characters at most. Refused with CHANGE_CONFLICT when another
 * group has the name or notify.bookings would go to two users of a property or to
 * the default group. Audited (group.create, group.update).
 */
int	change_group_save(const struct actor *who, const struct perm_group *g,
	    const char *was_named, struct change_result *out);
/*
 * Makes g the tenant's default group (the old default stops being one in the same
 * transaction); refused for the system group and by the notify.bookings rule.
 * Audited (group.default).
 */
int	change_group_default(const struct actor *who, const struct perm_group *g,
	    struct change_result *out);
/*
 * May g be deleted at all? CHANGE_OK, or CHANGE_CONFLICT for the system and the
 * default group. change_group_delete() asks it again.
 */
int	change_group_deletable(const struct perm_group *g, struct change_result *out);
/*
 * Deletes g after moving its grants to group to (NULL: nothing to move); refused
 * when to is g or the system group, by the notify.bookings rule, or when g gained
 * grants or became the default meanwhile. Audited (group.delete).
 */
int	change_group_delete(const struct actor *who, const struct perm_group *g,
	    const struct perm_group *to, struct change_result *out);

/* --- Permission groups and portal users by external id (access_xid.c) --- */

/* A group as the tenant's system sends it (the tenant API). */
struct authz_group;
struct group_put {
	const char		*xid;
	const char		*name;		/* no leading or trailing blank */
	const struct authz_group *rights;
	int			 is_default;
};

/*
 * Creates the tenant's group with external id in->xid or replaces its name and
 * rights, through change_group_save(), and makes it the default through
 * change_group_default() when in->is_default says so; one transaction, the same
 * data again writes nothing. Refused: CHANGE_CONFLICT for a name another group
 * has, by the notify.bookings rule, and for is_default 0 on the default group
 * (another group must become the default instead). *created 1 for a new group.
 * Audited as those functions audit (group.create, group.update, group.default).
 */
int	change_group_put(const struct actor *who, const struct group_put *in,
	    int *created, struct change_result *out);
/*
 * Deletes the tenant's group with external id xid through change_group_delete(),
 * moving no grants: CHANGE_CONFLICT saying why while grants use it or it is the
 * default group; CHANGE_NOT_FOUND when there is none. Audited (group.delete).
 */
int	change_group_delete_xid(const struct actor *who, const char *xid,
	    struct change_result *out);

/* A grant of a user as the tenant's system sends it. */
struct user_grant_put {
	const char	*group_xid;
	const char	*scope;		/* "customer", "all" or "property" */
	const char	*customer_xid;	/* scope customer: whose (NULL: the user's) */
	const char	*property_xid;	/* scope property: which */
	long		 expires;	/* the last day (days since the epoch); 0: none */
};

/* A portal user as the tenant's system sends it. */
struct user_put {
	const char	*xid;
	const char	*customer_xid;
	const char	*contact_xid;	/* NULL: the customer's own user */
	const char	*login;		/* NULL: the person's email address */
	int		 login_is_email;	/* -1: not said; else must match login */
	int		 mfa_required;
	int		 disabled;	/* status "disabled" (else enabled) */
	int		 portal_admin;
	int		 invite;	/* a new user is mailed the invitation */
	int		 has_grants;	/* grants[0..ngrants) is the whole set; 0:
					 * a new user gets the default group's grant
					 * and an existing one keeps theirs */
	const struct user_grant_put *grants;
	size_t		 ngrants;
};

/*
 * Creates the tenant's portal user with external id in->xid through
 * change_user_new() (its invitation mailed unless in->invite is 0), or changes
 * what differs of an existing one: status through change_user() (disable,
 * enable), mfa_required through change_users_mfa(), the portal-admin switch
 * through change_portal_admin(), and the grants as a set (the missing added with
 * change_grant_add(), the extra removed with change_grant_remove()). One
 * transaction; the same data again writes nothing. Refused: CHANGE_INVALID naming
 * the field for an unknown customer, contact, group or property, a contact of
 * another customer, a login refused or that does not match login_is_email, or a
 * new user sent as disabled; CHANGE_CONFLICT for a login taken, the
 * notify.bookings rule, or a change of the customer, contact or login of an
 * existing user (those are who the user is: disable it and make another).
 * *created 1 for a new user.
 */
int	change_user_put(const struct actor *who, const struct user_put *in,
	    int *created, struct change_result *out);
/*
 * Disables the tenant's portal user with external id xid through change_user()
 * (a portal user is never deleted: the audit trail, their notes and events name
 * them); one already disabled is left as it is. CHANGE_NOT_FOUND when none.
 */
int	change_user_disable_xid(const struct actor *who, const char *xid,
	    struct change_result *out);
/* --- Money formulas (formulas.c) --- */

struct formula;
/*
 * Creates f (f->id 0; f->id and out->id are the new formula's) or saves its name
 * and terms (was_named: its name before, for the audit entry). Refused with
 * CHANGE_INVALID for a name that is not 1 to FORMULA_NAME_MAX characters on one
 * line, no term, a term that is not + or - a field, or a field used twice;
 * CHANGE_CONFLICT when another formula has the name or the tenant has
 * FORMULA_MAX already. Audited (formula.add, formula.edit).
 */
int	change_formula_save(const struct actor *who, struct formula *f,
	    const char *was_named, struct change_result *out);
/*
 * Deletes f (the groups' and overrides' lists lose it); refused with
 * CHANGE_CONFLICT while a group shows it instead of the total price. Audited
 * (formula.delete).
 */
int	change_formula_delete(const struct actor *who, const struct formula *f,
	    struct change_result *out);

struct fin_policy;
/* " formulas=3,5" for an audit detail: the formulas f lists ("" for none). */
const char	*change_formula_ids(const struct actor *who, const struct fin_policy *f);

/* --- A portal user's access (grants.c) --- */
struct notify_clash;

/*
 * A change refused by the one-holder rule of notify.bookings (c as the store fills
 * it): CHANGE_CONFLICT, with the sentence naming who holds it in out->text.
 */
int	change_notify_refuse(const struct actor *who, const struct notify_clash *c,
	    struct change_result *out);

/* The title of that refusal, by the right's name people read. */
#define NOTIFY_TAKEN	"\xe2\x80\x9cReceive booking emails\xe2\x80\x9d is taken"

/* A new grant, as a form or the API gives it. */
struct grant_new {
	int64_t		 user;
	int64_t		 group;		/* 0: none chosen */
	int		 scope;		/* enum grant_scope, or -1: none chosen */
	int64_t		 customer;	/* SCOPE_CUSTOMER: whose properties (0: none) */
	int64_t		 property;	/* SCOPE_PROPERTY: which (0: none) */
	long		 expires;	/* the last day, days since the epoch; 0: no
					 * expiry; -1: what was given is not a day */
};

/*
 * Adds the grant: refused with CHANGE_INVALID when its group, scope, customer,
 * property or last day is missing or not a day of date.h's years; CHANGE_NOT_FOUND
 * when the user, group, customer or property is not the tenant's (or the group is
 * the system group); CHANGE_CONFLICT by the notify.bookings rule. Audited
 * (grant.add) on the user; out->id is the grant.
 */
int	change_grant_add(const struct actor *who, const struct grant_new *in,
	    struct change_result *out);
/*
 * Changes grant (of in->user) in place to give what in says, checked as for an
 * added grant; CHANGE_NOT_FOUND also when the grant is not the user's. Nothing is
 * written, and out->unchanged set, when it gives that already. Audited as one
 * change (grant.edit, with what it gave before and gives after).
 */
int	change_grant_edit(const struct actor *who, int64_t grant,
	    const struct grant_new *in, struct change_result *out);
/* Removes grant of user (CHANGE_NOT_FOUND when it is not theirs). Audited
 * (grant.remove) with what it gave. */
int	change_grant_remove(const struct actor *who, int64_t user, int64_t grant,
	    struct change_result *out);
/* Sets the user's portal-admin switch and "hide reports". Audited
 * (user.portal_admin). */
int	change_portal_admin(const struct actor *who, int64_t user, int admin,
	    int hide_reports, struct change_result *out);
/*
 * Sets the user's own financial setting (f NULL: none, the groups' settings apply).
 * Audited (user.fin_override).
 */
struct fin_policy;
int	change_fin_override(const struct actor *who, int64_t user,
	    const struct fin_policy *f, struct change_result *out);

/* --- The user's own account (account.c): password, sessions, links --- */

struct password_change {
	enum principal	 kind;		/* the actor's kind: who->id is theirs */
	const char	*current;	/* the current password, checked by the caller */
	const char	*pw;		/* the new one, twice */
	const char	*again;
	const unsigned char *keep;	/* the session that stays (32 bytes) */
};

/*
 * Sets the actor's new password: refused (CHANGE_INVALID, the sentence in
 * out->msg) when the two differ, equal the current one or are too weak. Ends the
 * actor's other sessions; audited (password.change).
 */
int	change_password(const struct actor *who, const struct password_change *in,
	    struct change_result *out);

/*
 * Ends one of the actor's own sessions, named by its token hash; CHANGE_NOT_FOUND
 * when they have none by that hash. Audited (session.end).
 */
int	change_session_end(const struct actor *who, enum principal kind,
	    const unsigned char hash[32], struct change_result *out);

struct portal_user;
struct link_accept {
	const char	*kind;		/* action_tokens.kind: "invite" or "reset" */
	const char	*audit;		/* its audit action */
	const unsigned char *hash;	/* the link's token, hashed */
	enum principal	 principal;	/* the link's user: a portal user or staff */
	int64_t		 id;
	const char	*login;		/* their login (staff: email), for the mail */
	const char	*name;		/* how the mail greets them; NULL: no name */
	const char	*pw;		/* the password chosen, twice */
	const char	*again;
	const char	*tenant_name;	/* for the mail */
};

/*
 * An invitation or reset link used: the user's password set (and the account
 * active), the link and any other of theirs spent, their sessions and sign-in
 * waits ended; audited as the user (in->audit) and, for a reset, mailed.
 * CHANGE_INVALID (out->msg) for a password refused, CHANGE_NOT_FOUND when the
 * link was used meanwhile.
 */
int	change_link_accept(const struct actor *who, const struct link_accept *in,
	    struct change_result *out);

/*
 * A portal user's first finished sign-in (the caller has signed them in; who is
 * the user): marked, with its event (portal_user.first_sign_in) in the same
 * transaction; a later sign-in changes nothing. DB_OK or a DB_* error.
 */
int	change_signin_first(const struct actor *who, int64_t user);

/* --- The user's own two-step sign-in (mfa.c) --- */
#define RECOVERY_CODES	10
#define RECOVERY_LEN	10	/* characters, 50 bits; shown as xxxxx-xxxxx */

struct mfa_account;
struct mfa_own {
	enum principal	 kind;		/* the actor's kind: who->id is theirs */
	const struct mfa_account *m;	/* as read before */
	const char	*tenant_name;	/* for the mail */
	int64_t		 step;		/* change_mfa_enrol: the confirming code's step */
};

/* Recovery codes as shown once, "xxxxx-xxxxx". */
typedef char recovery_code[RECOVERY_LEN + 2];


/*
 * Confirms the actor's pending secret and makes their recovery codes (codes, shown
 * once): CHANGE_CONFLICT when nothing was pending any more. Audited (mfa.enrol),
 * mailed.
 */
int	change_mfa_enrol(const struct actor *who, const struct mfa_own *in,
	    recovery_code codes[RECOVERY_CODES], struct change_result *out);

/* Turns the actor's MFA off: CHANGE_CONFLICT when it is not on or is required.
 * Audited (mfa.disable), mailed. */
int	change_mfa_disable(const struct actor *who, const struct mfa_own *in,
	    struct change_result *out);

/* New recovery codes in place of the actor's old ones: CHANGE_CONFLICT when MFA is
 * not on. Audited (mfa.recovery_codes), mailed. */
int	change_mfa_codes(const struct actor *who, const struct mfa_own *in,
	    recovery_code codes[RECOVERY_CODES], struct change_result *out);

/* --- A customer's token link, changed by staff (tokenlink.c) --- */
enum tokenlink_op { TOKENLINK_ROTATE, TOKENLINK_EXPIRY, TOKENLINK_DISABLE,
	TOKENLINK_ENABLE, TOKENLINK__MAX };

struct tokenlink_change {
	enum tokenlink_op op;
	int64_t		 customer;	/* found in the actor's tenant by the caller */
	int		 first;		/* TOKENLINK_ROTATE: the customer has no link yet */
	long		 expires;	/* TOKENLINK_EXPIRY: the last day (days since the
					 * epoch), or -1 for none */
};

/*
 * Rotates (or first issues), sets or removes the expiry of, disables or enables
 * the customer's link; a change that ends the link (rotated, disabled, a last day
 * already over) ends the sessions of its visitors too. Audited (tokenlink.rotate,
 * .expiry, .disable, .enable).
 */
int	change_tokenlink(const struct actor *who, const struct tokenlink_change *in,
	    struct change_result *out);


/* --- Portal users as staff manage them (users.c) --- */
#define USER_LOGIN_MAX	254	/* bytes, as portal_users.login */

struct person;
struct portal_user;

struct user_new {
	int64_t		 customer;
	int64_t		 contact;	/* 0: the customer's own user */
	const char	*login;		/* NULL or blank: the person's email address */
	int		 invite;	/* mail an invitation when the login is one */
	/*
	 * The first grant (all 0: the default group over the customer): a group
	 * chosen (0: the default), the scope (enum grant_scope) and, for
	 * SCOPE_PROPERTY, the property; checked as change_grant_add() does. And
	 * whether MFA is required of the user from the start (audited mfa.require).
	 */
	int64_t		 group;
	int		 scope;
	int64_t		 property;
	int		 mfa_required;
};

/*
 * Creates a portal user for a customer or one of its contacts, with the default
 * group's grant over the customer and, for an email login when in->invite is set,
 * an invitation: one transaction, audited (user.create, invite.send). Refused with
 * CHANGE_INVALID (no customer, without title; or no login, or one that is not one
 * word or not a valid email address), CHANGE_NOT_FOUND (no title: no such person)
 * or CHANGE_CONFLICT (the login is taken). On CHANGE_OK out->id is the user;
 * *nogroup is set when the tenant has no default group, *invited when an
 * invitation was sent.
 */
int	change_user_new(const struct actor *who, const struct user_new *in,
	    struct change_result *out, int *nogroup, int *invited);

/*
 * change_user_new() for a contact made first from contact (change_contact_put(),
 * by id: in->contact is set to it), the two in one transaction: nothing is
 * written when either is refused.
 */
int	change_user_new_contact(const struct actor *who, const struct person_in *contact,
	    struct user_new *in, struct change_result *out, int *nogroup, int *invited);

/* What creating users for chosen customers and their contacts did for one person. */
enum user_made {
	USER_MADE,		/* created and invited */
	USER_NO_EMAIL,		/* skipped: no usable email address */
	USER_NO_ANSWER,		/* skipped: the database did not answer */
	USER_EXISTS,		/* skipped: already a portal user */
	USER_TAKEN,		/* skipped: the login is taken by another user */
	USER_FAILED		/* not created */
};

struct user_made_line {
	const struct person *who;
	enum user_made	 made;
};

/*
 * Creates and invites a portal user for each of customers[0..n) and its contacts
 * that have an email address and no user yet, each in a transaction of its own
 * (as change_user_new()). Every customer is looked up first: one that is not the
 * tenant's is CHANGE_NOT_FOUND with nothing written. On CHANGE_OK, lines[0..nlines)
 * say what happened to whom (in who->a) and *nogroup is set when a user was made
 * without access because the tenant has no default group. A DB_* error reading a
 * customer's contacts ends the run (the users made until then stay).
 */
int	change_users_invite(const struct actor *who, const int64_t *customers,
	    size_t n, struct user_made_line **lines, size_t *nlines, int *nogroup);

/* A staff member's change to one portal user. */
enum user_op {
	USER_INVITE,		/* mail an invitation link */
	USER_RESET,		/* mail a password-reset link */
	USER_DISABLE,		/* disable, sign out everywhere, retire their links */
	USER_ENABLE,
	USER_UNLOCK,		/* forget their failed sign-ins and waits */
	USER_ONETIME,		/* set a one-time password (see change_user()) */
	USER_OP__MAX		/* not a change: CHANGE_INVALID once the user is found */
};

extern const char *const user_op_names[USER_OP__MAX];	/* "invite", "reset"... */

#define USER_ONETIME_LEN	24	/* a one-time password, with its NUL */

/*
 * Makes op on portal user id, audited (invite.send, reset.request, user.disable,
 * user.enable, throttle.unlock, password.set_onetime). CHANGE_NOT_FOUND (no
 * title) for a user that is not the tenant's, CHANGE_INVALID (no title) for
 * USER_OP__MAX, CHANGE_CONFLICT when the user's state refuses op (links only to
 * enabled users with an email login; a one-time password only to an enabled
 * user). USER_ONETIME sets onetime to the new password (the caller shows it once
 * and wipes it) and *login to the user's; DB_GONE also when every argon2 slot is
 * taken. A mail that cannot be sent is MAIL_INVALID.
 */
int	change_user(const struct actor *who, enum user_op op, int64_t id,
	    struct change_result *out, char onetime[USER_ONETIME_LEN],
	    const char **login);

/*
 * The event of a change to portal user u (type "portal_user.created", ".disabled",
 * ".first_sign_in"), inside the caller's transaction. DB_OK or a DB_* error.
 */
int	change_user_event(const struct actor *who, const char *type,
	    const struct portal_user *u);

/*
 * Mails u (whose login must be an email address) an action link of kind ("invite"
 * or "reset") on who->origin, inside the caller's transaction. Returns DB_OK,
 * MAIL_INVALID or a DB_* error. change_link_mail(): the same for portal user or
 * staff member (k) id at address addr, greeted by name (NULL: none).
 */
int	change_link_send(const struct actor *who, const struct portal_user *u,
	    const char *kind);
int	change_link_mail(const struct actor *who, enum principal k, int64_t id,
	    const char *addr, const char *name, const char *kind);
/*
 * The self-serve password reset (/reset) for u: the link mailed and the audit
 * entry reset.request, in one transaction run again after a conflict. DB_OK,
 * MAIL_INVALID (nothing kept) or a DB_* error.
 */
int	change_reset_request(const struct actor *who, const struct portal_user *u);

/*
 * Forgets the failed sign-ins and waits of principal k's account id, inside the
 * caller's transaction, audited as throttle.unlock with by in its detail when
 * something was forgotten or always is set. Returns DB_OK or a DB_* error.
 */
int	change_signin_unlock(const struct actor *who, enum principal k, int64_t id,
	    const char *by, int always);

/*
 * A session made or ended by the caller (open(ctx, target_id): a session is a
 * cookie) and the audit entry action of actor as on target_kind target_id, in one
 * transaction, run again after a conflict: open() may run more than once and must
 * leave one cookie (sess_start() and sess_end() do). The token link's visit, "log
 * in as". DB_OK or a DB_* error.
 */
int	change_session(const struct actor *as, const char *action,
	    const char *target_kind, int64_t target_id,
	    int (*open)(void *ctx, int64_t id), void *ctx);

/*
 * A session that land() makes only where it finds its target (a token link opened
 * without a session: the link's check is the session's insert), with the audit
 * entry action of actor as on target_kind, both in one statement that is its own
 * transaction (store_session_add_link()): land(ctx, e, landed) gets the entry,
 * whose actor id (when as's is 0) and target id are 0 for the target it finds.
 * *landed is 1 when the session and the entry were made, 0 when neither was.
 * Never inside a transaction; nothing to run again (a conflict was the
 * statement's, run again by the store). DB_OK or a DB_* error.
 */
int	change_session_land(const struct actor *as, const char *action,
	    const char *target_kind, int *landed,
	    int (*land)(void *ctx, const struct audit_entry *e, int *landed),
	    void *ctx);

/*
 * "Log in as": who (a staff member) starts to act as active portal user id. One
 * transaction holds the audit entry (impersonation.start) and the session that
 * open(ctx, id) makes (change_session()); CHANGE_NOT_FOUND when there is no such
 * active user. Returns open()'s DB_* error if it fails.
 */
int	change_impersonation_start(const struct actor *who, int64_t id,
	    int (*open)(void *ctx, int64_t id), void *ctx);

/*
 * The end of it: the audit entry (impersonation.end), with who->impersonator as
 * actor and who->id as target, and close(ctx, who->id), which ends the session,
 * in one transaction (change_session()).
 */
int	change_impersonation_end(const struct actor *who,
	    int (*close)(void *ctx, int64_t id), void *ctx);

/* --- Webhook endpoints (webhooks.c) --- */
#define WEBHOOK_SECRET_SIZE	50	/* a signing secret as shown, with its NUL */

/*
 * Registers url as an endpoint of the tenant with a new signing secret (secret,
 * for the caller to show once and wipe), sealed under secret_key; it gets the
 * events after the tenant's last one. Refused with CHANGE_INVALID (the sentence
 * of webhook_url_problem() under webhooks.allow_private) or CHANGE_CONFLICT (no
 * secret_key). Audited (webhook.add, the URL as detail); out->id is the endpoint.
 */
int	change_webhook_add(const struct actor *who, const char *url,
	    char secret[WEBHOOK_SECRET_SIZE], struct change_result *out);
/* Removes active endpoint id (CHANGE_NOT_FOUND: none): nothing more is sent to
 * it and its secret is forgotten; its deliveries stay listed. Audited
 * (webhook.remove). */
int	change_webhook_remove(const struct actor *who, int64_t id,
	    struct change_result *out);
/*
 * Sends event again to active endpoint (0: every active one of the tenant) that is
 * past it, and lets it be tried at once (an endpoint still waiting to deliver it
 * tries now). CHANGE_NOT_FOUND when the event or the endpoint is not the
 * tenant's. Audited (webhook.resend, the endpoint, "event=N"); *n endpoints will
 * get it again.
 */
int	change_webhook_resend(const struct actor *who, int64_t endpoint, int64_t event,
	    struct change_result *out, uint64_t *n);

/* --- Staff accounts as the tenant's admins run them (staff.c) --- */

/* A staff member invited by email. */
struct staff_invite {
	const char	*email;
	const char	*name;		/* NULL: none */
	int		 admin;		/* role admin, else staff */
	int		 impersonate;	/* may "log in as" portal users */
	int		 mfa_required;	/* must set up two-step sign-in */
};

/*
 * Each change below is made by who, an admin (re-read under the tenant's lock:
 * CHANGE_CONFLICT when they no longer are), on staff member id of the tenant
 * (CHANGE_NOT_FOUND for any other id), in one transaction with its audit entry
 * (target "staff"); out->unchanged, and nothing written, when it is so already.
 *
 * change_staff_invite(): a new staff member, status invited, without a password,
 * mailed the invitation link (/invite/TOKEN, as for portal users); CHANGE_INVALID
 * for a bad address or name, CHANGE_CONFLICT when the address is a staff member's
 * already. Audited (staff.invite: email, admin, impersonate, mfa). out->id is the
 * new staff member. change_staff_reinvite(): the invitation again, to a staff
 * member still invited (else CHANGE_CONFLICT); audited (staff.invite, "again").
 */
int	change_staff_invite(const struct actor *who, const struct staff_invite *in,
	    struct change_result *out);
int	change_staff_reinvite(const struct actor *who, int64_t id,
	    struct change_result *out);
/*
 * The admin right (staff.admin; CHANGE_CONFLICT for one's own right removed), the
 * "log in as" right (staff.impersonate) and MFA required (staff.mfa: a staff member
 * not enrolled yet is signed out, to enrol at the next sign-in; mailed) set to on.
 */
int	change_staff_admin(const struct actor *who, int64_t id, int on,
	    struct change_result *out);
int	change_staff_impersonate(const struct actor *who, int64_t id, int on,
	    struct change_result *out);
int	change_staff_mfa_require(const struct actor *who, int64_t id, int on,
	    struct change_result *out);
/*
 * Disabled: every session of theirs ends, "log in as" sessions they opened too,
 * and their open links (staff.disable; CHANGE_CONFLICT for oneself). Enabled again:
 * active, or invited while they never set a password (staff.enable).
 */
int	change_staff_disable(const struct actor *who, int64_t id,
	    struct change_result *out);
int	change_staff_enable(const struct actor *who, int64_t id,
	    struct change_result *out);

/* --- MFA as staff change it for others (mfa.c) --- */
struct mfa_account;

enum mfa_op { MFA_OP_REQUIRE, MFA_OP_UNREQUIRE, MFA_OP_RESET, MFA_OP__MAX };

extern const char *const mfa_op_names[MFA_OP__MAX];	/* "require"... */

/* The portal users an MFA change is for. */
enum mfa_scope {
	MFA_SELECTED,		/* users[0..n) */
	MFA_CUSTOMER,		/* every user of customer */
	MFA_GROUP		/* every user holding a grant of group */
};

struct mfa_change {
	enum mfa_op	 op;
	enum mfa_scope	 scope;
	const int64_t	*users;
	size_t		 n;
	int64_t		 customer;
	int64_t		 group;
};

/*
 * Requires MFA of, stops requiring it of, or resets the MFA of the chosen portal
 * users: all of them or none, in one transaction; each one changed is audited
 * (mfa.require, mfa.unrequire, mfa.reset) and mailed; requiring and resetting
 * end their sessions. CHANGE_NOT_FOUND (no title) when a user, the customer or
 * the group is not the tenant's. On CHANGE_OK *changed is how many users changed.
 */
int	change_users_mfa(const struct actor *who, const struct mfa_change *in,
	    size_t *changed);

/*
 * An admin resets another staff member's MFA (CHANGE_CONFLICT, no title, for
 * their own: that takes their password, on /account/mfa), or forgets their
 * failed sign-ins (change_signin_unlock(), always audited). CHANGE_NOT_FOUND (no
 * title) when id is not the tenant's staff.
 */
int	change_staff_mfa_reset(const struct actor *who, int64_t id);
int	change_staff_unlock(const struct actor *who, int64_t id);

/*
 * Removes the MFA secret and recovery codes of principal k's account id (its state
 * in m), ends its sessions, audits (mfa.reset) and mails what (change_mfa_notify()),
 * inside the caller's transaction. Returns DB_OK or a DB_* error.
 */
int	change_mfa_reset(const struct actor *who, enum principal k, int64_t id,
	    const struct mfa_account *m, const char *what);
/*
 * Mails the account of m about an MFA change (what: the sentence saying it), when it
 * has an address of its own; inside the caller's transaction. DB_OK or a DB_* error.
 */
int	change_mfa_notify(const struct actor *who, const struct mfa_account *m,
	    const char *what);

/* --- Calendar feeds, iCal (calendar.c) --- */

/*
 * Gives a portal user's feed (user) or a property's feed (property; the other 0)
 * a new secret address: the first one, or a replacement, after which the old
 * address answers 404 at once. A property that is not the tenant's is
 * CHANGE_NOT_FOUND. Audited calendar.issue or calendar.rotate on the portal user
 * or the property, without the token.
 */
int	change_calendar_feed(const struct actor *who, int64_t user, int64_t property,
	    struct change_result *out);

#define ICAL_CHANNEL_MAX	64	/* characters, as ical_sources.channel */

/*
 * Gives property an iCal URL to import from, under the name of its channel (1 to
 * ICAL_CHANNEL_MAX characters, one line): https:// without a user name, password
 * or fragment, not on a loopback, link-local or private address unless
 * ical.allow_private (then http:// too); else CHANGE_INVALID with the reason. With
 * acc (a portal user), a property where acc lacks calendar.sync is
 * CHANGE_NOT_FOUND, as an unknown one is. out->id is the new URL's. Audited
 * (ical_source.add, detail the channel; never the URL, which may carry the
 * channel's secret).
 */
int	change_ical_source_add(const struct actor *who, const struct access *acc,
	    int64_t property, const char *channel, const char *url,
	    struct change_result *out);
/* Removes the import URL id (the same refusals). Audited (ical_source.remove). */
int	change_ical_source_remove(const struct actor *who, const struct access *acc,
	    int64_t id, struct change_result *out);

/* A sync of a claimed import URL: what its channel answered, read. */
struct ical_claimed;
struct ical_item;
struct ical_counts;
struct ical_sync {
	const struct ical_claimed *source;
	const char		*claim;		/* the claim it is held under */
	const struct ical_item	*items;
	size_t			 n;
	const char		*etag, *last_modified;	/* NULL: none */
	int			 again;		/* seconds to the next sync */
};

/*
 * Applies a channel's feed to the import URL's property in one transaction: each
 * event a booking (channel the URL's, external id "ical-URL-HASH" of its UID,
 * marked with the URL and UID so the next feed finds it) through
 * change_booking_put_in() (a new one mailed to the notify.bookings holder, with
 * the event booking.created; a changed one moved), an event gone or CANCELLED
 * cancelled, never deleted; events that close the dates (block-offs) are counted
 * and left out. Then the overlap flags of the URL's bookings set again and the
 * outcome recorded with the claim given back. The same feed again writes nothing.
 * CHANGE_CONFLICT when the claim was lost; any refusal or error changes nothing.
 */
int	change_ical_sync(const struct actor *who, const struct ical_sync *s,
	    struct ical_counts *c, struct change_result *out);

/* The tenant's brand as an admin sets it on /staff/brand (brand.c). */
enum brand_logo { BRAND_LOGO_KEEP, BRAND_LOGO_SET, BRAND_LOGO_REMOVE };
struct brand_in {
	const char	*color;		/* "#rrggbb" or "#rgb"; NULL: porch's colours */
	const char	*mail_name;	/* mail's display name; NULL: the tenant's name */
	enum brand_logo	 logo;
	const char	*logo_path;	/* BRAND_LOGO_SET: the checked file's storage
					 * path, SLUG/brand/logo-... */
	int		 logo_width, logo_height;
};

/*
 * Sets the tenant's brand colour, logo and mail sender name in one transaction,
 * audited as tenant.brand with the fields that changed. The colour must parse
 * (brand.h), the name be one line of at most 100 characters that mail may carry,
 * a new logo be a path under the tenant's brand directory with its size. On
 * CHANGE_OK *old_logo is the storage path of the logo no longer used (NULL:
 * none), for the caller to remove; on a refusal the new file is the caller's.
 */
int	change_brand_set(const struct actor *who, const struct brand_in *in,
	    const char **old_logo, struct change_result *out);

/* --- Local formats (local.c) --- */

/*
 * Sets the tenant's time zone (an IANA name the system's zoneinfo has, local.h)
 * and number format (its name: comma-dot, dot-comma, space-comma, apos-dot),
 * audited as tenant.local with the fields that changed. A bad zone or format is
 * CHANGE_INVALID before anything is read.
 */
int	change_tenant_local(const struct actor *who, const char *zone,
	    const char *number_format, struct change_result *out);
/*
 * Sets the actor's (a portal user's, k PRINCIPAL_PORTAL, or a staff member's) own
 * time zone; NULL or "": the tenant's. Audited as account.time_zone.
 */
int	change_user_zone(const struct actor *who, enum principal k, const char *zone,
	    struct change_result *out);

#endif
