/*
 * segment.h — private helpers of the segmenter (segment.c), exposed for unit tests.
 * The stage itself is rx_segment() in internal.h.
 */
#ifndef REPORTX_SEGMENT_H
#define REPORTX_SEGMENT_H

#include "internal.h"

#endif
