/*
 * reader.h — bytes to UTF-8 text (reader.c). SPEC §1.
 *
 * The reader takes the input in chunks of any size (a multibyte character may be split
 * between two chunks and is carried over), detects the encoding — UTF-8 with or without
 * BOM, UTF-16LE/BE with BOM, else GB18030 when the bytes are not valid UTF-8 — unless
 * options->encoding forces an iconv encoding, and produces an rx_text.
 */
#ifndef REPORTX_READER_H
#define REPORTX_READER_H

#include "internal.h"

typedef struct rx_reader rx_reader;

/* A new reader; `options` is copied (its encoding string must outlive the reader). NULL
 * when out of memory. */
rx_reader *rx_reader_new(const reportx_options *options);

/* Feeds the next chunk. Returns REPORTX_OK or an error, with the place in *err (byte
 * offset in the input, line, column, message). After an error the reader is spent. */
reportx_status rx_reader_feed(rx_reader *r, const unsigned char *buf, size_t len, reportx_error *err);

/* Ends the input: checks for a partial character, binary content, emptiness; on success
 * moves the text into *out (the caller frees it with rx_text_free). */
reportx_status rx_reader_finish(rx_reader *r, rx_text *out, reportx_error *err);

void rx_reader_free(rx_reader *r);

#endif
