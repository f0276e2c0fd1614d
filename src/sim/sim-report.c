// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a stopped core leaves behind: a fault report on stderr, one
 * "key=value" per line after a sentence for people, and an ELF core file
 * (memories and registers) that gdb opens beside the firmware ELF.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sim.h"

void sim_report_fault(struct sim *s)
{
	const struct sim_arch *a = s->arch;
	unsigned int i, w = a->word * 2;

	fprintf(stderr, "rproc-sim: core fault: %s", s->fault.cause);
	if (s->fault.has_addr)
		fprintf(stderr, " at 0x%0*" PRIx64, w, s->fault.addr);
	fprintf(stderr, ", pc 0x%0*" PRIx64 "\n", w, s->fault.pc);
	fprintf(stderr, "fault.cpu=%s\n", a->name);
	fprintf(stderr, "fault.cause=%s\n", s->fault.cause);
	fprintf(stderr, "fault.pc=0x%0*" PRIx64 "\n", w, s->fault.pc);
	if (s->fault.has_addr)
		fprintf(stderr, "fault.addr=0x%0*" PRIx64 "\n", w, s->fault.addr);
	if (s->fault.n_pcs > 1) {
		/* sim-fault.c: more than one instruction of the block makes it */
		unsigned int n = s->fault.n_pcs < 4 ? s->fault.n_pcs : 4;

		fprintf(stderr, "rproc-sim: the fault is at one of %u instructions of its block; fault.pc is the first\n",
			s->fault.n_pcs);
		fprintf(stderr, "fault.pc_exact=no\nfault.pc_candidates=");
		for (i = 0; i < n; i++)
			fprintf(stderr, "%s0x%0*" PRIx64, i ? "," : "", w, s->fault.pcs[i]);
		fprintf(stderr, "%s\n", s->fault.n_pcs > n ? ",..." : "");
	}
	fprintf(stderr, "fault.insns=%" PRIu64 "\n", s->insns);
	for (i = 0; i < a->n_regs; i++)
		fprintf(stderr, "reg.%s=0x%0*" PRIx64 "\n", a->reg_names[i], w,
			sim_reg_read(s, a->regs[i]));
}

/* Write all of buf or fail. */
static int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

#define NOTE_NAME	"CORE"
#define NOTE_NAME_SIZE	8	/* "CORE\0" padded to 4 bytes */
#define ALIGN4(x)	(((x) + 3) & ~(size_t)3)

/* One NT_PRSTATUS note, in the layout Linux (and so gdb) uses. */
static size_t core_note(struct sim *s, uint8_t *buf, int signo)
{
	const struct sim_arch *a = s->arch;
	uint32_t namesz = 5, descsz = a->prstatus_size, type = NT_PRSTATUS;
	uint8_t *desc = buf + 12 + NOTE_NAME_SIZE;
	uint16_t sig = (uint16_t)signo;
	uint32_t pid = 1;

	memcpy(buf, &namesz, 4);
	memcpy(buf + 4, &descsz, 4);
	memcpy(buf + 8, &type, 4);
	memcpy(buf + 12, NOTE_NAME, 5);
	memcpy(desc + 12, &sig, 2);			/* pr_cursig */
	memcpy(desc + (a->word == 8 ? 32 : 24), &pid, 4);	/* pr_pid */
	a->core_regs(s, desc + a->prstatus_reg_off);
	return 12 + NOTE_NAME_SIZE + ALIGN4(descsz);
}

int sim_core_write(struct sim *s, const char *path, int signo)
{
	const struct sim_arch *a = s->arch;
	bool is64 = a->word == 8;
	size_t ehsz = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	size_t phsz = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	unsigned int i, nph = s->mem->n + 1;
	uint8_t note[1024] = { 0 }, hdr[sizeof(Elf64_Ehdr) + (MEMORIES_MAX + 1) * sizeof(Elf64_Phdr)];
	size_t note_len = core_note(s, note, signo), off;
	int fd, err;

	memset(hdr, 0, sizeof(hdr));
	/* ELF header */
	if (is64) {
		Elf64_Ehdr *e = (Elf64_Ehdr *)hdr;

		memcpy(e->e_ident, ELFMAG, SELFMAG);
		e->e_ident[EI_CLASS] = ELFCLASS64;
		e->e_ident[EI_DATA] = ELFDATA2LSB;
		e->e_ident[EI_VERSION] = EV_CURRENT;
		e->e_type = ET_CORE;
		e->e_machine = a->e_machine;
		e->e_version = EV_CURRENT;
		e->e_phoff = ehsz;
		e->e_ehsize = (uint16_t)ehsz;
		e->e_phentsize = (uint16_t)phsz;
		e->e_phnum = (uint16_t)nph;
	} else {
		Elf32_Ehdr *e = (Elf32_Ehdr *)hdr;

		memcpy(e->e_ident, ELFMAG, SELFMAG);
		e->e_ident[EI_CLASS] = ELFCLASS32;
		e->e_ident[EI_DATA] = ELFDATA2LSB;
		e->e_ident[EI_VERSION] = EV_CURRENT;
		e->e_type = ET_CORE;
		e->e_machine = a->e_machine;
		e->e_version = EV_CURRENT;
		e->e_phoff = (uint32_t)ehsz;
		e->e_ehsize = (uint16_t)ehsz;
		e->e_phentsize = (uint16_t)phsz;
		e->e_phnum = (uint16_t)nph;
	}
	/* PT_NOTE, then one PT_LOAD per memory, page-aligned in the file */
	off = ehsz + nph * phsz;
	for (i = 0; i < nph; i++) {
		uint64_t foff, fsz, va = 0;
		uint32_t type = i ? PT_LOAD : PT_NOTE;

		if (i == 0) {
			foff = off;
			fsz = note_len;
			off += note_len;
		} else {
			off = (off + 4095) & ~(size_t)4095;
			foff = off;
			fsz = s->mem->mem[i - 1].size;
			va = s->mem->mem[i - 1].da;
			off += fsz;
		}
		if (is64) {
			Elf64_Phdr *p = (Elf64_Phdr *)(hdr + ehsz + i * phsz);

			p->p_type = type;
			p->p_offset = foff;
			p->p_vaddr = p->p_paddr = va;
			p->p_filesz = p->p_memsz = fsz;
			p->p_flags = i ? PF_R | PF_W | PF_X : 0;
			p->p_align = i ? 4096 : 4;
		} else {
			Elf32_Phdr *p = (Elf32_Phdr *)(hdr + ehsz + i * phsz);

			p->p_type = type;
			p->p_offset = (uint32_t)foff;
			p->p_vaddr = p->p_paddr = (uint32_t)va;
			p->p_filesz = p->p_memsz = (uint32_t)fsz;
			p->p_flags = i ? PF_R | PF_W | PF_X : 0;
			p->p_align = i ? 4096 : 4;
		}
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = -errno;
		ERR("%s: %s", path, strerror(-err));
		return err;
	}
	err = write_all(fd, hdr, ehsz + nph * phsz);
	if (!err)
		err = write_all(fd, note, note_len);
	off = ehsz + nph * phsz + note_len;
	for (i = 0; !err && i < s->mem->n; i++) {
		size_t pad = ((off + 4095) & ~(size_t)4095) - off;
		static const uint8_t zero[4096];

		err = write_all(fd, zero, pad);
		if (!err)
			err = write_all(fd, s->maps[i], s->mem->mem[i].size);
		off += pad + s->mem->mem[i].size;
	}
	if (close(fd) < 0 && !err)
		err = -errno;
	if (err)
		ERR("%s: cannot write the core file: %s", path, strerror(-err));
	else
		INF("core file written to %s", path);
	return err;
}
