// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * reloc-arch.c - the one dispatcher of the relocation back ends
 * (reloc-arch.h): a binary search in the architecture's table, sorted by
 * type, then the checks every type shares, then the type's formula.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "reloc-arch.h"

static const struct reloc_arch *const reloc_arches[] = {
	&reloc_arch_arm,
	&reloc_arch_riscv,
	&reloc_arch_aarch64,
};

const struct reloc_arch *reloc_arch_find(uint16_t machine)
{
	size_t i;

	for (i = 0; i < sizeof(reloc_arches) / sizeof(reloc_arches[0]); i++)
		if (reloc_arches[i]->machine == machine)
			return reloc_arches[i];
	return NULL;
}

const struct reloc_type *reloc_arch_type_find(const struct reloc_arch *arch, unsigned int type)
{
	size_t lo = 0, hi = arch->n_types;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		unsigned int t = arch->types[mid].type;

		if (t == type)
			return &arch->types[mid];
		if (t < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *reloc_arch_type_name(const struct reloc_arch *arch, unsigned int type)
{
	const struct reloc_type *t = reloc_arch_type_find(arch, type);

	return t ? t->name : NULL;
}

bool reloc_arch_type_is_marker(const struct reloc_arch *arch, unsigned int type)
{
	const struct reloc_type *t = reloc_arch_type_find(arch, type);

	return t && t->marker;
}

int reloc_why(char *why, size_t why_len, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return err;
}

int reloc_arch_apply(const struct reloc_arch *arch, const struct reloc_site *r,
		     char *why, size_t why_len)
{
	const struct reloc_type *t = reloc_arch_type_find(arch, r->type);

	if (!t)
		return reloc_why(why, why_len, -ENOTSUP, "unknown %s relocation type %u",
				 arch->name, r->type);
	if (t->marker)
		return 0;
	if (!t->apply)
		return reloc_why(why, why_len, -ENOTSUP, "%s (%s, type %u)", t->why_not, t->name,
				 r->type);
	if (!r->rela && arch->rel_why_not)
		return reloc_why(why, why_len, -ENOTSUP, "%s in a REL section: %s", t->name,
				 arch->rel_why_not);
	if (r->room < t->size)
		return reloc_why(why, why_len, -EINVAL,
				 "%s needs %u bytes, the section has %zu left", t->name,
				 t->size, r->room);
	return t->apply(r, why, why_len);
}
