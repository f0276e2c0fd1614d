# A man page template's line "@example FILE@" becomes FILE (relative to
# the source tree, -v top=DIR), escaped for roff: a backslash as \e, a
# line starting with "." or "'" (a request to roff) behind \&.
/^@example [^@]*@$/ {
	f = top "/" substr($2, 1, length($2) - 1)
	n = 0
	while ((getline l < f) > 0) {
		gsub(/\\/, "\\e", l)
		c = substr(l, 1, 1)
		if (c == "." || c == "'")
			l = "\\&" l
		print l
		n++
	}
	close(f)
	if (n == 0) {
		print "include-example.awk: " f ": missing or empty" > "/dev/stderr"
		exit 1
	}
	next
}
{ print }
