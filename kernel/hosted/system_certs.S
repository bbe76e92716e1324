/* SPDX-License-Identifier: MIT */
/*
 * system_certs.S - the X.509 certificates built into the kernel (DER, back
 * to back), which crypto.c trusts for module signatures: the build's own
 * signing certificate (certs/certs.mk), as Linux's certs/system_certificates.S
 * links in CONFIG_SYSTEM_TRUSTED_KEYS and the module signing key.
 * SYSTEM_CERTS names the file, as a quoted string.
 */
	.section .rodata, "a"
	.balign 8
	.globl system_certificates
system_certificates:
	.incbin SYSTEM_CERTS
	.globl system_certificates_end
system_certificates_end:

	.section .note.GNU-stack, "", @progbits
