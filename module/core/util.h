/* porch — SPDX-License-Identifier: MIT
 * Memory, growable buffers, bounded number parsing and UTF-8 checks shared by every part.
 *
 * Allocation policy: porch never tries to limp on after running out of memory.
 * x*alloc() log and abort(); callers never check for NULL. A worker that aborts is
 * replaced by the master, so one bad moment costs one request.
 */
#ifndef PORCH_UTIL_H
#define PORCH_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A growable byte buffer, always NUL-terminated for convenience. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	buf_init(struct buf *b, size_t cap);
void	buf_free(struct buf *b);
void	buf_reset(struct buf *b);
void	buf_reserve(struct buf *b, size_t extra);
void	buf_put(struct buf *b, const void *p, size_t n);
void	buf_puts(struct buf *b, const char *s);
void	buf_putc(struct buf *b, char c);
void	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vprintf(struct buf *b, const char *fmt, va_list ap);

/* A bump allocator for memory that lives as long as one request. */
struct arena_chunk;
struct arena {
	struct arena_chunk *head;
};

void	*arena_alloc(struct arena *a, size_t n);
char	*arena_strdup(struct arena *a, const char *s);
char	*arena_strndup(struct arena *a, const char *s, size_t n);
void	 arena_reset(struct arena *a);
/* Makes the arena's kept chunk at least n bytes, so that work of up to n bytes
 * between resets allocates nothing. */
void	 arena_reserve(struct arena *a, size_t n);
void	 arena_free(struct arena *a);

/*
 * Parses a decimal integer in [min, max] from the whole of s (no sign for min >= 0,
 * no spaces, no trailing garbage). Returns 0 and sets *out, or -1.
 */
int	parse_int(const char *s, long long min, long long max, long long *out);
/* A row id (1 .. INT64_MAX) from text; 0 when s is NULL, empty or not one. */
int64_t	parse_id(const char *s);

/* Returns 1 when s[0..n) is well-formed UTF-8 without NUL bytes, else 0. */
int	utf8_valid(const char *s, size_t n);
/* Characters (code points) of the well-formed UTF-8 text s. */
size_t	utf8_chars(const char *s);
/*
 * Does s hold a control character (C0 or DEL)? With text set, line breaks and tabs
 * are allowed. 1 or 0.
 */
int	has_control(const char *s, int text);

/* Constant-time comparison of two equal-length byte strings: 1 when equal. */
int	ct_equal(const void *a, const void *b, size_t n);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void	hex_encode(const unsigned char *in, size_t n, char *out);
/* The value of one hex digit (either case), 0 to 15, or -1. */
int	hex_value(unsigned char c);

/* Monotonic clock in milliseconds. */
uint64_t	now_ms(void);

#endif
