// SPDX-License-Identifier: MIT
/*
 * signature.c - the signature appended to a module, as modinfo shows it.
 *
 * A signed module ends with: signer name, key id, signature data,
 * struct module_signature (algo, hash, id_type, signer_len, key_id_len,
 * 3 pad bytes, big-endian u32 sig_len) and "~Module signature appended~\n".
 * For PKCS#7 (what Linux signs with since 4.3) the signer, key id, digest
 * algorithm and signature come from the DER message, parsed with OpenSSL's
 * libcrypto; for the older X509/PGP ids they are the raw fields.  The choice
 * of fields (issuer CN as signer, serial number as key id) is kmod's.
 */
#include <openssl/bn.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "kmod.h"

#define SIG_MAGIC "~Module signature appended~\n"

struct module_signature {
	uint8_t algo;
	uint8_t hash;
	uint8_t id_type;
	uint8_t signer_len;
	uint8_t key_id_len;
	uint8_t pad[3];
	uint8_t sig_len[4];
};

static const char *const hash_names[] = {
	"md4", "md5", "sha1", "rmd160", "sha256", "sha384", "sha512", "sha224", "sm3",
};
static const char *const id_types[] = { "PGP", "X509", "PKCS#7" };
enum { ALGO_COUNT = 2, ID_PKCS7 = 2 };

static void *dup_bytes(const void *p, size_t len)
{
	void *d = xmalloc(len + 1);

	memcpy(d, p, len);
	((char *)d)[len] = '\0';
	return d;
}

static const char *digest_name(const ASN1_OBJECT *o)
{
	switch (OBJ_obj2nid(o)) {
	case NID_md4:
		return "md4";
	case NID_md5:
		return "md5";
	case NID_sha1:
		return "sha1";
	case NID_ripemd160:
		return "rmd160";
	case NID_sha256:
		return "sha256";
	case NID_sha384:
		return "sha384";
	case NID_sha512:
		return "sha512";
	case NID_sha224:
		return "sha224";
#ifndef OPENSSL_NO_SM3
	case NID_sm3:
		return "sm3";
#endif
	}
	return NULL;
}

/* The issuer's commonName; without one, the last entry (kmod's choice). */
static const ASN1_STRING *issuer_name(X509_NAME *name)
{
	X509_NAME_ENTRY *e = NULL;
	int i, n = X509_NAME_entry_count(name);

	for (i = 0; i < n; i++) {
		e = X509_NAME_get_entry(name, i);
		if (OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)) == NID_commonName)
			break;
	}
	return e ? X509_NAME_ENTRY_get_data(e) : NULL;
}

static bool parse_pkcs7(const uint8_t *der, size_t len, struct kmod_signature *sig)
{
	const unsigned char *p = der;
	PKCS7 *p7 = d2i_PKCS7(NULL, &p, (long)len);
	STACK_OF(PKCS7_SIGNER_INFO) *sis;
	PKCS7_SIGNER_INFO *si;
	X509_ALGOR *dig = NULL, *alg = NULL;
	const ASN1_OBJECT *o;
	const ASN1_STRING *cn;
	const char *hash;
	BIGNUM *bn;
	bool ok = false;

	if (!p7)
		return false;
	sis = PKCS7_get_signer_info(p7);
	si = sis ? sk_PKCS7_SIGNER_INFO_value(sis, 0) : NULL;
	if (!si || !si->issuer_and_serial || !si->enc_digest)
		goto out;
	PKCS7_SIGNER_INFO_get0_algs(si, NULL, &dig, &alg);
	if (!dig)
		goto out;
	X509_ALGOR_get0(&o, NULL, NULL, dig);
	hash = digest_name(o);
	if (!hash)
		goto out;
	bn = ASN1_INTEGER_to_BN(si->issuer_and_serial->serial, NULL);
	if (!bn)
		goto out;
	sig->key_id_len = (size_t)BN_num_bytes(bn);
	sig->key_id = xmalloc(sig->key_id_len + 1);
	BN_bn2bin(bn, sig->key_id);
	BN_free(bn);
	cn = issuer_name(si->issuer_and_serial->issuer);
	if (cn) {
		const char *s = (const char *)ASN1_STRING_get0_data(cn);

		sig->signer_len = strlen(s);
		sig->signer = dup_bytes(s, sig->signer_len);
	}
	sig->sig_len = (size_t)ASN1_STRING_length(si->enc_digest);
	sig->sig = dup_bytes(ASN1_STRING_get0_data(si->enc_digest), sig->sig_len);
	sig->hash_algo = xstrdup(hash);
	ok = true;
out:
	PKCS7_free(p7);
	return ok;
}

bool kmod_signature_parse(const uint8_t *mem, size_t size, struct kmod_signature *sig)
{
	const size_t magic_len = sizeof(SIG_MAGIC) - 1;
	struct module_signature ms;
	size_t sig_len;

	memset(sig, 0, sizeof(*sig));
	if (size < magic_len || memcmp(mem + size - magic_len, SIG_MAGIC, magic_len) != 0)
		return false;
	size -= magic_len;
	if (size < sizeof(ms))
		return false;
	size -= sizeof(ms);
	memcpy(&ms, mem + size, sizeof(ms));
	if (ms.algo >= ALGO_COUNT || ms.hash >= ARRAY_SIZE(hash_names) ||
	    ms.id_type >= ARRAY_SIZE(id_types))
		return false;
	sig_len = (size_t)ms.sig_len[0] << 24 | (size_t)ms.sig_len[1] << 16 |
		  (size_t)ms.sig_len[2] << 8 | ms.sig_len[3];
	if (sig_len == 0 || size < (size_t)ms.signer_len + ms.key_id_len + sig_len)
		return false;
	sig->id_type = id_types[ms.id_type];
	if (ms.id_type == ID_PKCS7) {
		if (parse_pkcs7(mem + size - sig_len, sig_len, sig))
			return true;
		kmod_signature_free(sig);
		return false;
	}
	size -= sig_len;
	sig->sig = dup_bytes(mem + size, sig_len);
	sig->sig_len = sig_len;
	size -= ms.key_id_len;
	sig->key_id = dup_bytes(mem + size, ms.key_id_len);
	sig->key_id_len = ms.key_id_len;
	size -= ms.signer_len;
	sig->signer = dup_bytes(mem + size, ms.signer_len);
	sig->signer_len = ms.signer_len;
	sig->hash_algo = xstrdup(hash_names[ms.hash]);
	return true;
}

void kmod_signature_free(struct kmod_signature *sig)
{
	free(sig->signer);
	free(sig->key_id);
	free(sig->hash_algo);
	free(sig->sig);
	memset(sig, 0, sizeof(*sig));
}
