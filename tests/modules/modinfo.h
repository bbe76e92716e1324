/* SPDX-License-Identifier: MIT */
/*
 * modinfo.h - force-included (-include) into the C fixture modules that
 * tests.mk builds with cc and ld -r instead of lkm-build: the name= and
 * vermagic= entries lkm-build's modpost step would add.
 */
#include <lkm/module.h>
#include <lkm/version.h>

MODULE_INFO(name, LKM_STR(TEST_MODNAME));
MODULE_INFO(vermagic, LKM_VERMAGIC);
