// SPDX-License-Identifier: MIT
/*
 * reloc.c - x86-64: relocation names, branch reach, far-branch stubs.
 *
 * The per-relocation part of the arch hook (type kinds and formulas) is
 * inline in arch_reloc.h, since it runs once per relocation; what runs
 * once per module or per message lives here.
 */
#include "../../internal.h"
#include "arch_reloc.h"

uint16_t arch_elf_machine(void)
{
	return 62; /* EM_X86_64 */
}

const char *arch_reloc_name(uint32_t type)
{
	if (type >= R_TYPE_COUNT || !arch_reloc_types[type].name)
		return "R_X86_64_<unknown>";
	return arch_reloc_types[type].name;
}

bool arch_branch_reaches(uint64_t lo, uint64_t hi, uint64_t target)
{
	/* rel32 from any byte of [lo, hi), with a little slack for addends */
	const int64_t slack = 1 << 16;

	return fits_s32((int64_t)(target - lo) + slack) &&
	       fits_s32((int64_t)(target - lo) - slack) &&
	       fits_s32((int64_t)(target - hi) + slack) &&
	       fits_s32((int64_t)(target - hi) - slack);
}

size_t arch_stub_size(void)
{
	return 16;
}

/* jmp *0(%rip); .quad target; int3 int3 */
void arch_stub_write(uint8_t *stub, uint64_t target)
{
	static const uint8_t insn[6] = { 0xff, 0x25, 0, 0, 0, 0 };

	lkm_memcpy(stub, insn, sizeof(insn));
	for (int i = 0; i < 8; i++)
		stub[6 + i] = (uint8_t)(target >> (8 * i));
	stub[14] = stub[15] = 0xcc;
}
