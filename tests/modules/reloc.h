/* SPDX-License-Identifier: MIT */
/*
 * reloc.h - the layout of reloc.S's relocation table, shared with the test.
 *
 * rl_table (in .data) is RF_COUNT slots of 8 bytes, each filled with
 * RF_FILL bytes and carrying one relocation at its start: the test reads
 * the field, compares it with S + A - P (etc.) computed from exported
 * addresses, and checks that the bytes after the field kept RF_FILL.
 * Each slot's relocation type, symbol and addend are listed here once.
 */
#ifndef LKM_TESTS_RELOC_H
#define LKM_TESTS_RELOC_H

#define RF_FILL 0xaa
#define RF_SLOT 8

/* rl_near: a label inside rl_table, for the short PC-relative types. */
#define RL_NEAR_OFF (8 * 13 + 4)
#define RL_ABS 0x56         /* rl_abs, an absolute symbol */
#define RL_ABS_FF 0xff      /* rl_abs_ff */
#define RL_ABS_FFFF 0xffff  /* rl_abs_ffff */
#define RL_OBJ_SIZE 24      /* .size rl_obj */

/*    slot                 type              symbol + addend */
#define RF_64_FN 0        /* 64             test_add + 5 */
#define RF_64_FAR 1       /* 64             far_data + 0 */
#define RF_64_GOT 2       /* 64             _GLOBAL_OFFSET_TABLE_ + 0 */
#define RF_PC32 3         /* PC32           rl_obj + 3 */
#define RF_PC32_KERN 4    /* PC32           test_var - 4 */
#define RF_PLT32_NEAR 5   /* PLT32          test_add - 4 */
#define RF_PLT32_FAR 6    /* PLT32          far_add - 4 (needs a stub) */
#define RF_32 7           /* 32             rl_obj + 1 */
#define RF_32S 8          /* 32S            rl_obj + 2 */
#define RF_16 9           /* 16             test_small_value + 1 */
#define RF_8 10           /* 8              rl_abs + 2 */
#define RF_PC16 11        /* PC16           rl_near + 0 */
#define RF_PC8 12         /* PC8            rl_near - 3 */
#define RF_PC64 13        /* PC64           far_data + 7 */
#define RF_GOTPCREL 14    /* GOTPCREL       test_var - 4 */
#define RF_GOTPCRELX 15   /* GOTPCRELX      far_add - 4 */
#define RF_REX_GOTPCRELX 16 /* REX_GOTPCRELX rl_obj - 4 */
#define RF_GOTPCREL64 17  /* GOTPCREL64     test_add + 0 */
#define RF_GOTOFF64 18    /* GOTOFF64       rl_obj + 8 */
#define RF_GOTPC32 19     /* GOTPC32        _GLOBAL_OFFSET_TABLE_ + 2 */
#define RF_GOTPC64 20     /* GOTPC64        _GLOBAL_OFFSET_TABLE_ + 9 */
#define RF_GOT64 21       /* GOT64          test_var + 0 */
#define RF_SIZE32 22      /* SIZE32         rl_obj + 1 */
#define RF_SIZE64 23      /* SIZE64         rl_obj + 100 */
#define RF_GOT32 24       /* GOT32          far_data + 0 */
#define RF_NONE 25        /* NONE           rl_obj */
#define RF_GOTPLT64 26    /* GOTPLT64       test_add + 0 */
#define RF_32S_WEAK 27    /* 32S            rl_weak_missing - 1 */
#define RF_64_WEAK 28     /* 64             rl_weak_missing + 0 */
#define RF_PC32_TEXT 29   /* PC32           rl_text_fn - 4 */
#define RF_64_LIBC 30     /* 64             labs + 0 (HOST_LIBC) */
#define RF_8_MAX 31       /* 8              rl_abs_ff + 0 */
#define RF_16_MAX 32      /* 16             rl_abs_ffff + 0 */
#define RF_GOTPCREL_FAR 33 /* GOTPCREL      far_data - 4 */
#define RF_PC32_SECTION 34 /* PC32          .rodata section + 16 */
#define RF_COUNT 35

#endif /* LKM_TESTS_RELOC_H */
