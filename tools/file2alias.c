// SPDX-License-Identifier: MIT
/*
 * file2alias.c - device tables to module aliases, the part of modpost that
 * lets hardware find its driver.
 *
 * MODULE_DEVICE_TABLE(pci, ids) defines a symbol __mod_pci__ids_device_table
 * that aliases the module's id table.  Here each such table is read from
 * the linked object and every entry but the zero terminator becomes one
 * "alias=" string in .modinfo, spelt exactly as Linux's modpost spells it
 * (depmod copies them into modules.alias, and modprobe matches a device's
 * modalias against them as shell patterns):
 *
 *   { PCI_DEVICE(0x1af4, 0x1005) }  ->  pci:v00001AF4d00001005sv*sd*bc*sc*i*
 *
 * A field that the entry leaves open (PCI_ANY_ID, a zero class mask) is a
 * "*"; a class mask that covers part of a byte cannot be expressed as a
 * pattern, so, as Linux, such an entry is reported and skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkm-build.h"

#define DEVTABLE_PREFIX "__mod_"
#define DEVTABLE_SUFFIX "_device_table"
#define PCI_ANY_ID 0xffffffffu
#define ALIAS_MAX 256

/* struct pci_device_id as <lkm/device.h> lays it out on x86-64. */
struct pci_id_layout {
	uint32_t vendor, device, subvendor, subdevice;
	uint32_t class, class_mask;
	uint64_t driver_data;
};

/* Append @tag and either the @width-digit hex @value or "*". */
static void add_field(char *alias, const char *tag, bool exact, unsigned width,
		      uint32_t value)
{
	size_t n = strlen(alias);

	if (exact)
		snprintf(alias + n, ALIAS_MAX - n, "%s%0*X", tag, (int)width,
			 value);
	else
		snprintf(alias + n, ALIAS_MAX - n, "%s*", tag);
}

/* Linux's do_pci_entry(); false for an entry that has no alias. */
static bool pci_alias(const struct pci_id_layout *id, const char *ko,
		      char *alias)
{
	unsigned bc = (id->class >> 16) & 0xff, sc = (id->class >> 8) & 0xff;
	unsigned pi = id->class & 0xff;
	unsigned bcm = (id->class_mask >> 16) & 0xff;
	unsigned scm = (id->class_mask >> 8) & 0xff;
	unsigned pim = id->class_mask & 0xff;

	strcpy(alias, "pci:");
	add_field(alias, "v", id->vendor != PCI_ANY_ID, 8, id->vendor);
	add_field(alias, "d", id->device != PCI_ANY_ID, 8, id->device);
	add_field(alias, "sv", id->subvendor != PCI_ANY_ID, 8, id->subvendor);
	add_field(alias, "sd", id->subdevice != PCI_ANY_ID, 8, id->subdevice);
	if ((bcm != 0 && bcm != 0xff) || (scm != 0 && scm != 0xff) ||
	    (pim != 0 && pim != 0xff)) {
		report("WARNING: Can't handle masks in %s:%04X", ko,
		       id->class_mask);
		return false;
	}
	add_field(alias, "bc", bcm == 0xff, 2, bc);
	add_field(alias, "sc", scm == 0xff, 2, sc);
	add_field(alias, "i", pim == 0xff, 2, pi);
	if (alias[strlen(alias) - 1] != '*')
		strcat(alias, "*");
	return true;
}

static bool is_zero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* The aliases of one PCI table of @size bytes at @data. */
static int pci_table(struct modpost *mp, const char *sym,
		     const unsigned char *data, uint64_t size)
{
	struct pci_id_layout id;
	char alias[ALIAS_MAX];
	uint64_t off;

	if (size % sizeof(id) || size < sizeof(id)) {
		report("ERROR: %s: %s has a size that is not a whole number "
		       "of pci_device_id entries", mp->ko, sym);
		return -ENOEXEC;
	}
	for (off = 0; off + sizeof(id) <= size; off += sizeof(id)) {
		if (is_zero(data + off, sizeof(id)))
			break;
		memcpy(&id, data + off, sizeof(id));
		if (pci_alias(&id, mp->ko, alias) &&
		    !strvec_has(&mp->aliases, alias))
			strvec_push(&mp->aliases, alias);
	}
	return 0;
}

/* The device type of a device-table symbol ("pci"), or NULL if not one. */
static char *table_type(const char *name)
{
	size_t plen = strlen(DEVTABLE_PREFIX), slen = strlen(DEVTABLE_SUFFIX);
	size_t n = strlen(name);
	const char *sep;

	if (n <= plen + slen || strncmp(name, DEVTABLE_PREFIX, plen) ||
	    strcmp(name + n - slen, DEVTABLE_SUFFIX))
		return NULL;
	sep = strstr(name + plen, "__");
	if (!sep || sep == name + plen)
		return NULL;
	return strndup(name + plen, (size_t)(sep - name - plen));
}

int file2alias(const struct elf_file *ef, struct modpost *mp)
{
	size_t i;
	int err = 0;

	for (i = 1; i < ef->nsyms && !err; i++) {
		const Elf64_Sym *s = &ef->syms[i];
		const char *name = elf_symbol_name(ef, s);
		const unsigned char *sec;
		const Elf64_Shdr *sh;
		char *type = table_type(name);

		if (!type)
			continue;
		if (s->st_shndx == SHN_UNDEF || s->st_shndx >= ef->shnum) {
			free(type);
			continue;
		}
		sh = &ef->sh[s->st_shndx];
		sec = elf_section_data(ef, sh);
		if (!sec || s->st_value > sh->sh_size ||
		    s->st_size > sh->sh_size - s->st_value) {
			report("ERROR: %s: %s lies outside its section",
			       mp->ko, name);
			err = -ENOEXEC;
		} else if (!strcmp(type, "pci")) {
			err = pci_table(mp, name, sec + s->st_value,
					s->st_size);
		} else {
			report("WARNING: %s: no aliases for device table "
			       "type %s", mp->ko, type);
			mp->warnings++;
		}
		free(type);
	}
	return err;
}
