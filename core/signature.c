// SPDX-License-Identifier: MIT
/*
 * signature.c - the appended module signature, checked before anything else.
 *
 * Linux's format: the module's bytes, a PKCS#7 detached signature, then
 * struct module_signature { u8 algo, hash, id_type, signer_len, key_id_len;
 * u8 pad[3]; be32 sig_len; } and the marker "~Module signature appended~\n".
 * The core only parses this trailer; the cryptography is the embedder's
 * (ops->sig_verify), and the rest of the pipeline sees the image without
 * the signature.
 *
 * Policy, as Linux's module_sig_check(): a signature that does not verify
 * is refused always; an unsigned module, or one whose key or algorithm this
 * kernel does not have, is refused with -EKEYREJECTED when signatures are
 * enforced, refused with -EPERM under lockdown, and otherwise loads and
 * taints the kernel E.
 */
#include "internal.h"

#define SIG_MARKER "~Module signature appended~\n"
#define SIG_MARKER_LEN (sizeof(SIG_MARKER) - 1)
#define PKEY_ID_PKCS7 2

struct module_signature {
	uint8_t algo, hash, id_type, signer_len, key_id_len;
	uint8_t pad[3];
	uint8_t sig_len_be[4];
};

/*
 * Split a signed image.  Returns 0 and sets the signature's place and length
 * and the length of the signed data when a well-formed trailer is present, -ENODATA when there is none, -EBADMSG or
 * -ENOPKG for a malformed one.
 */
int signature_split(const uint8_t *image, size_t size, const uint8_t **sig,
		    size_t *sig_len, size_t *data_len)
{
	struct module_signature ms;
	size_t rest;
	uint32_t len;

	if (size < SIG_MARKER_LEN + sizeof(ms) ||
	    lkm_memcmp(image + size - SIG_MARKER_LEN, SIG_MARKER,
		       SIG_MARKER_LEN))
		return -LKM_ENODATA;
	rest = size - SIG_MARKER_LEN - sizeof(ms);
	lkm_memcpy(&ms, image + rest, sizeof(ms));
	len = (uint32_t)ms.sig_len_be[0] << 24 | (uint32_t)ms.sig_len_be[1] << 16 |
	      (uint32_t)ms.sig_len_be[2] << 8 | ms.sig_len_be[3];
	if (len == 0 || len >= rest)
		return -LKM_EBADMSG;
	if (ms.id_type != PKEY_ID_PKCS7)
		return -LKM_ENOPKG;
	if (ms.algo || ms.hash || ms.signer_len || ms.key_id_len || ms.pad[0] ||
	    ms.pad[1] || ms.pad[2])
		return -LKM_EBADMSG;
	*sig = image + rest - len;
	*sig_len = len;
	*data_len = rest - len;
	return 0;
}

static const char *reason_of(int err)
{
	switch (err) {
	case -LKM_ENODATA:
		return "unsigned module";
	case -LKM_ENOPKG:
		return "module with unsupported crypto";
	case -LKM_ENOKEY:
		return "module with unavailable key";
	default:
		return NULL;
	}
}

int signature_check(struct lkm_kernel *k, const void *image, size_t *size,
		    enum lkm_sig_state *state)
{
	const struct lkm_ops *ops = k->ops;
	const uint8_t *sig = NULL;
	size_t sig_len = 0, data_len = *size;
	const char *reason;
	int err;

	err = signature_split(image, *size, &sig, &sig_len, &data_len);
	if (err == -LKM_EBADMSG) {
		lkm_err(k, "module: malformed module signature trailer");
		return -LKM_EBADMSG;
	}
	if (!ops->sig_verify && !lkm_kernel_get_sig_enforce(k) &&
	    lkm_kernel_get_lockdown(k) == LKM_LOCKDOWN_NONE) {
		if (!err || err == -LKM_ENOPKG)
			*size = data_len;
		*state = LKM_SIG_UNCHECKED;
		return 0;
	}
	if (!err) {
		*size = data_len; /* the rest of the pipeline sees no trailer */
		err = ops->sig_verify ? ops->sig_verify(ops->ctx, image,
							data_len, sig, sig_len)
				      : -LKM_ENOPKG;
	} else if (err == -LKM_ENOPKG) {
		lkm_err(k, "module: not signed with expected PKCS#7 message");
		*size = data_len;
	}
	if (!err) {
		*state = LKM_SIG_VALID;
		return 0;
	}
	reason = reason_of(err);
	if (!reason) {
		lkm_err(k, "module: signature does not verify (err %d), refusing it",
			err);
		return err;
	}
	*state = err == -LKM_ENODATA ? LKM_SIG_NONE : LKM_SIG_UNVERIFIED;
	if (lkm_kernel_get_sig_enforce(k)) {
		lkm_err(k, "Loading of %s is rejected", reason);
		return -LKM_EKEYREJECTED;
	}
	if (lkm_kernel_get_lockdown(k) >= LKM_LOCKDOWN_INTEGRITY) {
		lkm_err(k,
			"Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7");
		return -LKM_EPERM;
	}
	return 0;
}

/* The taint and its message, once the module has a name. */
void signature_taint(struct load_info *info)
{
	if (info->mod->sig_state == LKM_SIG_VALID ||
	    info->mod->sig_state == LKM_SIG_UNCHECKED)
		return;
	if (!kernel_has_taint(info->k, LKM_TAINT_UNSIGNED_MODULE))
		lkm_log(info->k, LKM_LOG_NOTICE,
		"%s: module verification failed: signature and/or required key missing - tainting kernel",
		info->who);
	module_taint(info->mod, LKM_TAINT_UNSIGNED_MODULE);
}

enum lkm_sig_state lkm_module_get_sig_state(const struct lkm_module *m)
{
	return m->sig_state;
}

/* ---- one-way switches ---------------------------------------------------- */

void lkm_kernel_set_sig_enforce(struct lkm_kernel *k)
{
	__atomic_store_n(&k->sig_enforce, true, __ATOMIC_RELAXED);
}

bool lkm_kernel_get_sig_enforce(struct lkm_kernel *k)
{
	return (k->config->flags & LKM_CONFIG_SIG_ENFORCE) ||
	       __atomic_load_n(&k->sig_enforce, __ATOMIC_RELAXED);
}

int lkm_kernel_set_lockdown(struct lkm_kernel *k, enum lkm_lockdown level)
{
	int err = 0;

	if ((unsigned)level >= LKM_LOCKDOWN_COUNT)
		return -LKM_EINVAL;
	lkm_lock(k);
	if (level < k->lockdown)
		err = -LKM_EPERM;
	else
		k->lockdown = level;
	lkm_unlock(k);
	return err;
}

enum lkm_lockdown lkm_kernel_get_lockdown(struct lkm_kernel *k)
{
	return __atomic_load_n(&k->lockdown, __ATOMIC_RELAXED);
}

void lkm_kernel_disable_modules(struct lkm_kernel *k)
{
	__atomic_store_n(&k->modules_disabled, true, __ATOMIC_RELAXED);
}

bool lkm_kernel_modules_disabled(struct lkm_kernel *k)
{
	return __atomic_load_n(&k->modules_disabled, __ATOMIC_RELAXED);
}
