#!/bin/sh
# The unit tier needs Check (Debian: check); configure did not find it.
. "$abs_top_srcdir/tests/lib.sh"
skip "unit tier: the Check library was not found by configure (apt-get install check)"
