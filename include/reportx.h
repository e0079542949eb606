/*
 * reportx.h — the public API of reportx: structured data from Chinese local-government
 * work reports (工作总结, 工作报告, 工作计划).
 *
 * The pipeline is: bytes → decoded UTF-8 text (reader) → section tree (segmenter) →
 * quantities (extractor) → statistics → JSON (emitter). A caller feeds bytes to a parser,
 * or hands a whole buffer to reportx_parse(), and gets a reportx_doc that owns everything
 * it points to until reportx_doc_free().
 *
 * Offsets: every `start`/`end` pair named "code points" is a half-open range of Unicode
 * code point indices into the decoded text exactly as it stands in the input (BOM
 * excluded, CR characters counted, nothing normalised). `byte_start`/`byte_end` are the
 * same range as byte offsets into reportx_doc_text().
 *
 * Thread safety: distinct parsers and documents may be used from distinct threads at once.
 * reportx_set_allocator() must be called, if at all, before any other function.
 *
 * The library never prints and never aborts: failures are reportx_status codes, with the
 * place and a message in a reportx_error.
 */
#ifndef REPORTX_H
#define REPORTX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define REPORTX_API __attribute__((visibility("default")))
#else
#define REPORTX_API
#endif

/** The library's version, "MAJOR.MINOR.PATCH". Never NULL; static storage. */
REPORTX_API const char *reportx_version(void);

/** Outcome of a call. 0 is success; every other value is an error. */
typedef enum reportx_status {
  REPORTX_OK = 0,
  REPORTX_ERR_DECODE,   /**< invalid byte sequence in the input's encoding */
  REPORTX_ERR_TRUNCATED,/**< the input ends inside a multibyte character */
  REPORTX_ERR_ENCODING, /**< unknown encoding name (--encoding) */
  REPORTX_ERR_BINARY,   /**< the input looks binary (NUL bytes, control characters) */
  REPORTX_ERR_EMPTY,    /**< the input holds no text */
  REPORTX_ERR_TOO_LARGE,/**< the input is larger than the max_size limit */
  REPORTX_ERR_LIMIT,    /**< another resource limit was hit (nesting, match limit) */
  REPORTX_ERR_IO,       /**< reading or writing failed (see errno in the message) */
  REPORTX_ERR_NOMEM,    /**< an allocation failed */
  REPORTX_ERR_USAGE,    /**< the API was called wrongly (NULL argument, parser reused) */
  REPORTX_ERR_INTERNAL  /**< a bug in reportx */
} reportx_status;

/** A short English phrase for a status ("invalid byte sequence", …). Static; never NULL. */
REPORTX_API const char *reportx_status_string(reportx_status status);

/** Where and why a call failed. Filled by the calls that take a reportx_error *. */
typedef struct reportx_error {
  reportx_status status;
  size_t byte_offset;   /**< offset in the input bytes where the problem is (0 if none) */
  size_t line;          /**< 1-based line of that place, 0 when unknown */
  size_t column;        /**< 1-based column (in characters) of that place, 0 when unknown */
  char message[256];    /**< a complete English sentence without the file name */
} reportx_error;

/** Input flags (reportx_options.flags). */
#define REPORTX_OPT_LOSSY (1u << 0) /**< replace invalid bytes with U+FFFD and warn */

/** Default limits. */
#define REPORTX_DEFAULT_MAX_SIZE ((size_t)256 * 1024 * 1024)
#define REPORTX_DEFAULT_MAX_DEPTH 16
#define REPORTX_DEFAULT_MATCH_LIMIT 1000000u
#define REPORTX_DEFAULT_DEPTH_LIMIT 10000u

/** How to read and parse a report. Initialise with reportx_options_init(). */
typedef struct reportx_options {
  const char *encoding;   /**< iconv encoding name to force, or NULL to detect */
  unsigned flags;         /**< REPORTX_OPT_* bits */
  size_t max_size;        /**< largest input in bytes accepted */
  unsigned max_depth;     /**< deepest section nesting kept */
  unsigned match_limit;   /**< PCRE2 match limit per match call */
  unsigned depth_limit;   /**< PCRE2 backtracking depth limit per match call */
} reportx_options;

/** Sets *options to the defaults: detect encoding, strict decoding, default limits. */
REPORTX_API void reportx_options_init(reportx_options *options);

/**
 * Replaces the allocator used by the library (and by the cJSON it uses). Call it before any
 * other reportx function, or not at all. NULL for any argument restores the C library's.
 *
 * cJSON's allocation hooks are process-wide: the first JSON call of the library sets them
 * (to allocators that serve the library's own emitter from an arena and pass every other
 * call through to this allocator). A host program that uses cJSON itself with hooks of its
 * own should set them after that first call, and must not do so while a reportx call runs.
 */
REPORTX_API void reportx_set_allocator(void *(*malloc_fn)(size_t),
                                       void *(*realloc_fn)(void *, size_t),
                                       void (*free_fn)(void *));

typedef struct reportx_doc reportx_doc;
typedef struct reportx_parser reportx_parser;

/**
 * A new incremental parser. `options` may be NULL (defaults); it is copied, and its
 * encoding string must stay valid until the parser is freed. Returns NULL when out of memory.
 * Free with reportx_parser_free().
 */
REPORTX_API reportx_parser *reportx_parser_new(const reportx_options *options);

/**
 * Feeds the next `len` bytes of the input. Chunks may split a multibyte character anywhere.
 * Returns REPORTX_OK, or an error (also kept for reportx_parser_error()); after an error,
 * further calls return the same error.
 */
REPORTX_API reportx_status reportx_parser_feed(reportx_parser *parser, const void *buf, size_t len);

/**
 * Ends the input and parses it. On success stores a new document in *doc, which the caller
 * frees with reportx_doc_free(). On error *doc is NULL and reportx_parser_error() says why.
 * A parser is finished once.
 */
REPORTX_API reportx_status reportx_parser_finish(reportx_parser *parser, reportx_doc **doc);

/** The parser's last error; never NULL for a non-NULL parser. Owned by the parser. */
REPORTX_API const reportx_error *reportx_parser_error(const reportx_parser *parser);

/** Frees a parser; NULL is accepted. Documents it produced stay valid. */
REPORTX_API void reportx_parser_free(reportx_parser *parser);

/**
 * One-shot: decode and parse `len` bytes. `options` and `err` may be NULL. On success *doc
 * is a new document (caller frees); on error *doc is NULL and *err (if given) says why.
 */
REPORTX_API reportx_status reportx_parse(const void *buf, size_t len, const reportx_options *options,
                                         reportx_doc **doc, reportx_error *err);

/** Frees a document and everything it points to; NULL is accepted. */
REPORTX_API void reportx_doc_free(reportx_doc *doc);

/** The decoded text (UTF-8, NUL-terminated, BOM removed); `*len` gets its byte length if non-NULL. */
REPORTX_API const char *reportx_doc_text(const reportx_doc *doc, size_t *len);

/** Source facts: detected or forced encoding name, input bytes, decoded code points. */
REPORTX_API const char *reportx_doc_encoding(const reportx_doc *doc);
REPORTX_API size_t reportx_doc_bytes(const reportx_doc *doc);
REPORTX_API size_t reportx_doc_chars(const reportx_doc *doc);

/**
 * Maps a code point offset to a 1-based line and column (columns count code points; CRLF,
 * LF and CR each end a line). Offsets past the end map to the end.
 */
REPORTX_API void reportx_doc_line_col(const reportx_doc *doc, size_t offset, size_t *line, size_t *column);

/** Document metadata; strings owned by the document, NULL when not found; year 0 when not found. */
REPORTX_API const char *reportx_doc_title(const reportx_doc *doc);
REPORTX_API const char *reportx_doc_place(const reportx_doc *doc);
REPORTX_API int reportx_doc_year(const reportx_doc *doc);
REPORTX_API const char *reportx_doc_kind(const reportx_doc *doc);

/** One numbered section. Strings are owned by the document. */
typedef struct reportx_section {
  int level;              /**< depth in the tree, 1-based */
  int ordinal;            /**< the number as written (一 → 1, 十五 → 15, ③ → 3) */
  int parent;             /**< index of the enclosing section, -1 at the top */
  const char *marker;     /**< the marker as written: "一、", "（一）", "一是", "十一", "1." */
  const char *title;      /**< the heading (SPEC §2); may be "" */
  const char *id;         /**< position in the tree: "1", "1.3", "1.9.2" */
  size_t start, end;      /**< code points, from the marker to the next section at the same or a higher level */
  size_t byte_start, byte_end;
} reportx_section;

/** Number of sections, in document order (a parent precedes its children). */
REPORTX_API size_t reportx_doc_section_count(const reportx_doc *doc);
/** Section `i` (0-based), or NULL when out of range. */
REPORTX_API const reportx_section *reportx_doc_section(const reportx_doc *doc, size_t i);

/** The qualifier of a quantity. */
typedef enum reportx_qualifier {
  REPORTX_QUAL_NONE = 0,
  REPORTX_QUAL_APPROX,    /**< 约, 近, 左右, 余, 多, 大约 */
  REPORTX_QUAL_AT_LEAST,  /**< 以上, 不少于, 至少, 超过, 逾, 突破 */
  REPORTX_QUAL_AT_MOST,   /**< 以下, 以内, 不到, 不超过 */
  REPORTX_QUAL_RANGE      /**< 3-5万元: value is the low end, value_max the high end */
} reportx_qualifier;

/** "approx", "at_least", "at_most", "range", or NULL for REPORTX_QUAL_NONE. */
REPORTX_API const char *reportx_qualifier_name(reportx_qualifier q);

/** Whether a quantity is a result or a promise (reportx_quantity.status). */
typedef enum reportx_quantity_status {
  REPORTX_QUANTITY_UNKNOWN = 0, /**< the text does not say */
  REPORTX_QUANTITY_ACHIEVED,    /**< a result: in a section reviewing the report's year, or
                                     marked as done (已, 截至, 累计, 今年以来…) */
  REPORTX_QUANTITY_PLANNED      /**< a target, plan or expectation: 计划, 预计, 拟, 将, 力争,
                                     目标, 争取…, a later year, or in a plan section
                                     (2024年工作计划, 工作打算, 下一步, a heading year later
                                     than the report's) */
} reportx_quantity_status;

/** "unknown", "achieved" or "planned"; static storage, never NULL. */
REPORTX_API const char *reportx_quantity_status_name(reportx_quantity_status status);

/** One quantity. Strings are owned by the document; numbers are exact decimal strings. */
typedef struct reportx_quantity {
  const char *text;       /**< the span's text */
  const char *value;      /**< "155.6" (the number as written, Chinese numerals converted) */
  const char *value_max;  /**< high end of a range, else NULL */
  const char *unit;       /**< the unit as written, full-width folded: "万元", "亩", "%" */
  const char *cls;        /**< "area", "mass", "money", … (SPEC §3) */
  const char *norm_value; /**< value in the base unit, exact ("1556000"), or NULL */
  const char *norm_value_max; /**< the same for value_max, or NULL */
  const char *norm_unit;  /**< base unit ("元", "m2", "kg", …), or NULL */
  reportx_qualifier qualifier;
  const char *label;      /**< the thing counted or measured; may be "" */
  int section;            /**< index of the innermost section holding it, -1 if none */
  size_t start, end;      /**< code points */
  size_t byte_start, byte_end;
  reportx_quantity_status status; /**< planned, achieved or unknown (set by the checks stage) */
} reportx_quantity;

/** Number of quantities, in text order. */
REPORTX_API size_t reportx_doc_quantity_count(const reportx_doc *doc);
/** Quantity `i` (0-based), or NULL when out of range. */
REPORTX_API const reportx_quantity *reportx_doc_quantity(const reportx_doc *doc, size_t i);

/** One warning: something odd that did not stop the parse (site noise, replaced bytes). */
typedef struct reportx_warning {
  const char *code;       /**< stable machine-readable code: "site_noise", "replaced_bytes", … */
  const char *message;    /**< English sentence */
  size_t start, end;      /**< code points of the place it concerns (0, 0 when none) */
} reportx_warning;

REPORTX_API size_t reportx_doc_warning_count(const reportx_doc *doc);
REPORTX_API const reportx_warning *reportx_doc_warning(const reportx_doc *doc, size_t i);

/** What an arithmetic check compares (reportx_check.kind). */
typedef enum reportx_check_kind {
  REPORTX_CHECK_SUM = 0,  /**< a total (共计, 合计, 总计, 共…) against the parts listed with it */
  REPORTX_CHECK_PARTS,    /**< the parts listed after 其中 (or （含…）) must not exceed their total */
  REPORTX_CHECK_AVERAGE,  /**< N things, their total T, and the average (均, 平均, 人均, 户均) = T / N */
  REPORTX_CHECK_SHARE     /**< a share (占…的 S%) against its numerator and denominator */
} reportx_check_kind;

/** "sum", "parts", "average" or "share"; static storage, never NULL. */
REPORTX_API const char *reportx_check_kind_name(reportx_check_kind kind);

/** Outcome of a check (reportx_check.status). */
typedef enum reportx_check_status {
  REPORTX_CHECK_OK = 0,     /**< consistent within the rounding tolerance */
  REPORTX_CHECK_MISMATCH    /**< the stated figure and the computed one differ by more than it */
} reportx_check_status;

/** "ok" or "mismatch"; static storage, never NULL. */
REPORTX_API const char *reportx_check_status_name(reportx_check_status status);

/**
 * One arithmetic check: a figure the report states (a total, an average, a share) against
 * what its other figures give. Checks are made only where the pairing of the figures is
 * clear from the text (same sentence or list, same unit class, words such as 共计, 其中, 均,
 * 占); where it is not, there is no check. Numbers are exact decimal strings in `unit`;
 * the rounding tolerance is half a unit in the last place of the least precise figure
 * involved (for a share, also the rounding of its numerator and denominator carried
 * through the division). Strings and the index array are owned by the document.
 */
typedef struct reportx_check {
  reportx_check_kind kind;
  reportx_check_status status;
  const char *stated;      /**< the figure as stated, in `unit` ("92.83") */
  const char *computed;    /**< what the other figures give ("91.87"; a quotient is rounded
                                to two more decimals than the stated figure) */
  const char *difference;  /**< stated − computed ("0.96") */
  const char *tolerance;   /**< the largest difference taken as rounding ("0.005") */
  const char *unit;        /**< unit of the three numbers above: "亩", "万元", "%" */
  const size_t *quantities;/**< indexes (reportx_doc_quantity) of the figures involved, in text order */
  size_t nquantities;
  size_t stated_quantity;  /**< index of the stated figure */
  size_t start, end;       /**< code points, from the first figure involved to the end of the last */
  size_t byte_start, byte_end;
} reportx_check;

/** Number of arithmetic checks, in text order of their stated figure. */
REPORTX_API size_t reportx_doc_check_count(const reportx_doc *doc);
/** Check `i` (0-based), or NULL when out of range. */
REPORTX_API const reportx_check *reportx_doc_check(const reportx_doc *doc, size_t i);

/** JSON output flags. */
#define REPORTX_JSON_COMPACT (1u << 0) /**< one line, no spaces (else indented by 2) */

/**
 * The document as a JSON object (SPEC §4): source, title, meta, sections, quantities,
 * stats, warnings, checks, keys in that order. `path` is written as source.path (NULL → "-").
 * Returns a NUL-terminated string the caller frees with reportx_free(), or NULL when out
 * of memory (then *status, if given, is REPORTX_ERR_NOMEM).
 */
REPORTX_API char *reportx_doc_to_json(const reportx_doc *doc, const char *path, unsigned flags,
                                      reportx_status *status);

/** Receives the next `len` bytes of a JSON text; returns 0 to go on, non-zero to stop. */
typedef int (*reportx_write_fn)(void *ctx, const char *buf, size_t len);

/**
 * The same bytes as reportx_doc_to_json() (without the NUL), handed to `write` in pieces of
 * about a megabyte as they are produced, so that the text of a large document is never
 * whole in memory. Returns REPORTX_OK; REPORTX_ERR_IO when `write` stopped it;
 * REPORTX_ERR_NOMEM when out of memory; REPORTX_ERR_USAGE for a NULL doc or write. On an
 * error, part of the text may have been written.
 */
REPORTX_API reportx_status reportx_doc_write_json(const reportx_doc *doc, const char *path, unsigned flags,
                                                  reportx_write_fn write, void *ctx);

/** Summary flags. */
#define REPORTX_SUMMARY_TSV (1u << 0) /**< a TSV row instead of a compact JSON object */

/**
 * One line comparing reports side by side: path, place, year, kind, number of sections and
 * of quantities, and exact normalised totals per class: money in 元 (money_yuan), area in m²
 * (area_m2), people, households, mass in kg (mass_kg), length in m (length_m). A compact
 * JSON object, or with REPORTX_SUMMARY_TSV a TSV row (tabs and line breaks in fields become
 * spaces); both end with a newline. Caller frees with reportx_free(); NULL when out of memory.
 */
REPORTX_API char *reportx_doc_summary(const reportx_doc *doc, const char *path, unsigned flags);

/** The TSV header line matching reportx_doc_summary() rows, newline included. Static. */
REPORTX_API const char *reportx_summary_header(void);

/**
 * The JSON object that stands for a failed input in JSON Lines output:
 * {"source":{"path":…},"error":{"code":…,"message":…,"offset":…}}, compact. `offset` < 0
 * writes null. Returns a string the caller frees with reportx_free(), or NULL when out of memory.
 */
REPORTX_API char *reportx_error_json(const char *path, const char *code, const char *message,
                                     long long offset);

/** Frees memory returned by the library (JSON strings); NULL is accepted. */
REPORTX_API void reportx_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif /* REPORTX_H */
