/* porch — SPDX-License-Identifier: MIT
 * Documents' files on disk under documents.dir/SLUG/, shared by the tenant API's
 * file upload and the staff pages, and the reading of a multipart/form-data
 * request body (a form with a file) into the form table and one such file.
 */
#ifndef PORCH_UPLOAD_H
#define PORCH_UPLOAD_H

#include <stdint.h>

#include "brand.h"
#include "req.h"

/* A file being received: a temporary file under documents.dir/SLUG/SUB/. */
struct doc_tmp {
	int				 fd;	/* -1: none */
	char				*tmp;	/* its absolute path, in the arena */
	const char			*dir;	/* SLUG/SUB */
	struct crypto_sha256_run	*hash;
	long long			 size;
};

/* documents.dir + "/" + rel, in the request's arena. */
char	*doc_path(struct req *r, const char *rel);
/* Removes the file at storage path rel (NULL: none) when it is the tenant's. */
void	doc_unlink(struct req *r, const char *rel);
/* Starts a file under SLUG/sub/ (made mode 0755 when missing). 0, or -1 logged. */
int	doc_tmp_open(struct req *r, const char *sub, struct doc_tmp *t);
/* Adds n bytes to the file and its hash: 0, or 500 (logged). */
int	doc_tmp_write(struct doc_tmp *t, const char *data, size_t n);
/*
 * The file is complete: made readable by the web server, synced and renamed to
 * SLUG/SUB/STEM-RANDOM (a name never reused). 0 with its storage path (in the
 * arena) and SHA-256 (hex), or 500 with nothing left on disk.
 */
int	doc_tmp_keep(struct req *r, struct doc_tmp *t, const char *stem,
	    const char **rel, char sha_hex[65]);
/* Removes a file not kept (nothing when there is none). */
void	doc_tmp_drop(struct doc_tmp *t);

/*
 * The tenant's brand files under documents.dir/SLUG/brand/, which the web server
 * sends as /brand/SLUG/NAME:
 *  doc_brand_logo_keep: a checked logo put in place as SLUG/brand/logo-RANDOM.ext;
 *        0 with its storage path, or 500 with nothing left on disk;
 *  doc_brand_url: the URL path of such a storage path of this tenant, or NULL;
 *  doc_brand_css: the URL path of colour c's stylesheet, written when missing
 *        (SLUG/brand/brand-rrggbb.css, brand.h brand_css()); NULL when it could
 *        not be written (logged once).
 */
int	doc_brand_logo_keep(struct req *r, struct doc_tmp *t, const char *ext,
	    const char **rel);
const char	*doc_brand_url(struct req *r, const char *rel);
const char	*doc_brand_css(struct req *r, struct rgb c);

/*
 * After a change of the logo: the one replaced or removed (old, NULL for none) is
 * not deleted at once, as pages other workers made before they saw the change,
 * and mail, may still name it; its file's time is set to now. Every other logo
 * file of the tenant but now (the new logo, NULL for none) left longer than
 * BRAND_LOGO_GRACE_SECONDS ago is deleted: each change of the logo sweeps what
 * earlier ones left.
 */
#define BRAND_LOGO_GRACE_SECONDS	86400
void	doc_brand_logo_retire(struct req *r, const char *old, const char *now);

/*
 * Opens a form with a file: page_form() with enctype="multipart/form-data",
 * posting to the action fmt formats, with its CSRF field for token.
 */
void	page_form_upload(struct buf *b, const char *token, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* The file of a multipart form, received whole. */
struct upload {
	const char	*field;		/* the form field it came in */
	const char	*filename;	/* as the browser named it, "" when none chosen */
	const char	*content_type;	/* as sent, "" when none */
	struct doc_tmp	 t;		/* doc_tmp_keep() it, or it is removed */
};

/*
 * Reads a multipart/form-data POST body (the route has ROUTE_UPLOAD): text fields
 * into r->form, at most one file into r->upload (a temporary file under
 * documents.dir/SLUG/files/). The file must come after a valid "csrf" field, so
 * nothing is written for a forged form. Limits: limits.fields_max parts,
 * limits.field_max per field, api.upload_limit for the file. 0, or the status:
 * 400 malformed, 403 no CSRF token before the file, 413 too large, 500.
 */
int	upload_read(struct req *r);
/* At the end of the request: the file of an upload not kept is removed. */
void	upload_discard(struct req *r);

#endif
