#!/usr/bin/env bash
# namespaces.sh - symbol namespaces: a namespaced export is refused to a
# module that does not import its namespace (EINVAL), with the import to
# add named; with MODULE_IMPORT_NS it links, and modinfo shows import_ns.
source "$(dirname "$0")/lib.sh"

mod nsexport nsexport.c --export-symvers "$S/ns.symvers"
mod nsimport_no nsimport.c --symvers "$S/ns.symvers"
mod nsimport nsimport.c -DIMPORT --symvers "$S/ns.symvers"

if grep -qxF "0x$(sed -n 's/^0x\([0-9a-f]*\)	ns_answer	.*/\1/p' "$S/ns.symvers")	ns_answer	$S/nsexport	EXPORT_SYMBOL	LKM_TEST" \
	"$S/ns.symvers"; then
	ok "namespace-in-symvers"
else
	fail "namespace-in-symvers" "$(cat "$S/ns.symvers")"
fi
if grep -qxF "WARNING: module nsimport_no uses symbol ns_answer from namespace LKM_TEST, but does not import it." \
	"$S/nsimport_no.log"; then
	ok "namespace-missing-import-warned-at-build"
else
	fail "namespace-missing-import-warned-at-build" "$(cat "$S/nsimport_no.log")"
fi

session "insmod nsexport.ko" "insmod nsimport_no.ko" "insmod nsimport.ko" \
	"lsmod" "modinfo nsimport.ko" dmesg
expect "namespace-not-imported-refused" \
	"insmod: ERROR: could not insert module nsimport_no.ko: Invalid parameters" \
	"nsimport_no: module uses symbol ns_answer from namespace LKM_TEST, but does not import it (add MODULE_IMPORT_NS(LKM_TEST))"
expect "namespace-imported-links" "nsimport: ns_answer() = 42"
expect_re "namespace-importer-listed-as-user" "nsexport +[0-9]+  1 nsimport"
expect "modinfo-shows-import-ns" "import_ns:      LKM_TEST"
