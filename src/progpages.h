/* The program's own code and read-only data, given back before a run
 * starts its work.
 *
 * By the time main runs, nearly all of witan's text and read-only data
 * is mapped (848 of the 852 KiB of text, 1.2 MiB in all, at the start
 * of a 1 MB resolve), though a run executes a fraction of it; mapped
 * pages of a file count in the process's resident set, and these were a
 * quarter of a 1 MB package's peak. progpages_trim gives them back
 * (MADV_DONTNEED); the pages the run goes on to use come back from the
 * page cache, a minor fault each (a 1 MB resolve: 3 more faults, 250
 * KiB less at its peak).
 *
 * Only pages still the file's own are given back: a page that is not
 * (a debugger's breakpoint or a uprobe writes a private copy) keeps what
 * was written to it. For the command-line program: a library has no
 * business with its host's pages. */
#ifndef WITAN_PROGPAGES_H
#define WITAN_PROGPAGES_H

#include <stddef.h>

/* Bytes given back (0: nothing to do, or the system cannot tell which
 * pages are the file's, as without /proc). */
size_t progpages_trim(void);

#endif
