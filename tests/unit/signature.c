// SPDX-License-Identifier: MIT
/*
 * signature.c - the appended module signature and Linux's policy for it
 * (core/signature.c), against a verifier whose verdict each test chooses.
 *
 * The trailer is parsed before anything else and the verifier sees exactly
 * the bytes before the signature; the rest of the pipeline never sees the
 * trailer.  Policy, as module_sig_check(): a signature that does not verify
 * (-EKEYREJECTED, -EBADMSG, or a malformed trailer) is refused whatever the
 * configuration; an unsigned module, or one whose key (-ENOKEY) or
 * algorithm (-ENOPKG) the kernel lacks, is refused with -EKEYREJECTED when
 * signatures are enforced, with -EPERM under lockdown, and otherwise loads
 * and taints E with Linux's message.  Every refusal leaves the counters at
 * their baseline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "testplat.h"

#define MARKER "~Module signature appended~\n"
#define MARKER_LEN (sizeof(MARKER) - 1)
#define FAKE_SIG "a stand-in for a PKCS#7 message"
#define FAKE_SIG_LEN (sizeof(FAKE_SIG) - 1)
#define VERDICT_UNSIGNED 1 /* not a verifier result: no trailer at all */

/* What the fake verifier says, and what it was shown. */
static int verdict;
static unsigned verify_calls;
static const void *seen_data, *seen_sig;
static size_t seen_len, seen_sig_len;

static int fake_verify(void *ctx, const void *data, size_t len,
		       const void *sig, size_t sig_len)
{
	verify_calls++;
	seen_data = data;
	seen_len = len;
	seen_sig = sig;
	seen_sig_len = sig_len;
	return verdict;
}

enum policy { POLICY_NONE, POLICY_ENFORCE, POLICY_LOCKDOWN, POLICY_COUNT };

static const char *const policy_names[POLICY_COUNT] = { "none", "enforce",
							"lockdown" };

/* A kernel whose verifier is fake_verify (or none), under @p. */
static struct lkm_kernel *kernel_with(bool verifier, enum policy p)
{
	static struct lkm_ops ops;
	struct lkm_kernel *k;

	testplat_setup();
	ops = testplat_ops;
	ops.sig_verify = verifier ? fake_verify : NULL;
	CHECK_EQ(lkm_kernel_new(&ops, &testplat_config, &k), 0);
	if (p == POLICY_ENFORCE)
		lkm_kernel_set_sig_enforce(k);
	if (p == POLICY_LOCKDOWN)
		CHECK_EQ(lkm_kernel_set_lockdown(k, LKM_LOCKDOWN_INTEGRITY), 0);
	testplat_log_clear();
	return k;
}

/*
 * The fixture "noinit" with a signature trailer: FAKE_SIG, then struct
 * module_signature with @id_type and a sig_len of FAKE_SIG_LEN + @len_delta,
 * then the marker.  *@unsigned_len is where the module's bytes end.
 */
static struct image signed_image(uint8_t id_type, long len_delta,
				 size_t *unsigned_len)
{
	struct image base = image_read("noinit");
	size_t n = base.size;
	struct image img = image_dup(base, n + FAKE_SIG_LEN + 12 + MARKER_LEN);
	uint8_t *p = img.data + n;
	uint32_t len = (uint32_t)((long)FAKE_SIG_LEN + len_delta);

	image_free(base);
	memcpy(p, FAKE_SIG, FAKE_SIG_LEN);
	p += FAKE_SIG_LEN;
	memset(p, 0, 12);
	p[2] = id_type;
	p[8] = (uint8_t)(len >> 24);
	p[9] = (uint8_t)(len >> 16);
	p[10] = (uint8_t)(len >> 8);
	p[11] = (uint8_t)len;
	memcpy(p + 12, MARKER, MARKER_LEN);
	*unsigned_len = n;
	return img;
}

struct state_query {
	const char *name;
	enum lkm_sig_state state;
};

static int query_state(const struct lkm_module *m, void *arg)
{
	struct state_query *q = arg;

	if (strcmp(lkm_module_get_name(m), q->name))
		return 0;
	q->state = lkm_module_get_sig_state(m);
	return 1;
}

static enum lkm_sig_state sig_state_of(struct lkm_kernel *k, const char *name)
{
	struct state_query q = { name, LKM_SIG_STATE_COUNT };

	lkm_kernel_for_each_module(k, query_state, &q);
	return q.state;
}

struct expectation {
	int verdict;          /* the verifier's, or VERDICT_UNSIGNED */
	enum policy policy;
	int err;              /* what the load returns */
	enum lkm_sig_state state; /* if it loads */
	const char *log;      /* a line the core must log */
};

#define TAINT_E (1ul << LKM_TAINT_UNSIGNED_MODULE)
#define MSG_TAINT "noinit: module verification failed: signature and/or required key missing - tainting kernel"
#define MSG_LOCKDOWN "Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7"
#define MSG_BAD "module: signature does not verify"

static const struct expectation matrix[] = {
	{ 0, POLICY_NONE, 0, LKM_SIG_VALID, NULL },
	{ 0, POLICY_ENFORCE, 0, LKM_SIG_VALID, NULL },
	{ 0, POLICY_LOCKDOWN, 0, LKM_SIG_VALID, NULL },
	{ VERDICT_UNSIGNED, POLICY_NONE, 0, LKM_SIG_NONE, MSG_TAINT },
	{ VERDICT_UNSIGNED, POLICY_ENFORCE, -LKM_EKEYREJECTED, 0,
	  "Loading of unsigned module is rejected" },
	{ VERDICT_UNSIGNED, POLICY_LOCKDOWN, -LKM_EPERM, 0, MSG_LOCKDOWN },
	{ -LKM_ENOKEY, POLICY_NONE, 0, LKM_SIG_UNVERIFIED, MSG_TAINT },
	{ -LKM_ENOKEY, POLICY_ENFORCE, -LKM_EKEYREJECTED, 0,
	  "Loading of module with unavailable key is rejected" },
	{ -LKM_ENOKEY, POLICY_LOCKDOWN, -LKM_EPERM, 0, MSG_LOCKDOWN },
	{ -LKM_ENOPKG, POLICY_NONE, 0, LKM_SIG_UNVERIFIED, MSG_TAINT },
	{ -LKM_ENOPKG, POLICY_ENFORCE, -LKM_EKEYREJECTED, 0,
	  "Loading of module with unsupported crypto is rejected" },
	{ -LKM_ENOPKG, POLICY_LOCKDOWN, -LKM_EPERM, 0, MSG_LOCKDOWN },
	{ -LKM_EKEYREJECTED, POLICY_NONE, -LKM_EKEYREJECTED, 0, MSG_BAD },
	{ -LKM_EKEYREJECTED, POLICY_ENFORCE, -LKM_EKEYREJECTED, 0, MSG_BAD },
	{ -LKM_EKEYREJECTED, POLICY_LOCKDOWN, -LKM_EKEYREJECTED, 0, MSG_BAD },
	{ -LKM_EBADMSG, POLICY_NONE, -LKM_EBADMSG, 0, MSG_BAD },
	{ -LKM_EBADMSG, POLICY_ENFORCE, -LKM_EBADMSG, 0, MSG_BAD },
	{ -LKM_EBADMSG, POLICY_LOCKDOWN, -LKM_EBADMSG, 0, MSG_BAD },
};

static void run_case(const struct expectation *e)
{
	struct lkm_kernel *k = kernel_with(true, e->policy);
	struct lkm_stats base = stats_get(k);
	size_t unsigned_len = 0;
	struct image img;
	int err;

	if (e->verdict == VERDICT_UNSIGNED) {
		img = image_read("noinit");
		unsigned_len = img.size;
	} else {
		img = signed_image(2, 0, &unsigned_len);
	}
	verdict = e->verdict;
	verify_calls = 0;
	err = image_load(k, img);
	if (err != e->err)
		FAILF("verdict %d under %s: load returned %d, expected %d; log:\n%s",
		      e->verdict, policy_names[e->policy], err, e->err,
		      testplat_log());
	CHECK_EQ(verify_calls, e->verdict == VERDICT_UNSIGNED ? 0 : 1);
	if (verify_calls) {
		CHECK(seen_data == img.data);
		CHECK_EQ(seen_len, unsigned_len);
		CHECK(seen_sig == img.data + unsigned_len);
		CHECK_EQ(seen_sig_len, FAKE_SIG_LEN);
	}
	if (e->log)
		CHECK_LOG(e->log);
	if (err == 0) {
		CHECK_EQ(sig_state_of(k, "noinit"), e->state);
		CHECK_EQ(!!(lkm_kernel_get_taint(k) & TAINT_E),
			 e->state != LKM_SIG_VALID);
		fixture_unload(k, "noinit");
		CHECK_EQ(stats_get(k).module_bytes, base.module_bytes);
	} else {
		CHECK_EQ(lkm_kernel_get_taint(k) & TAINT_E, 0);
		CHECK_BASELINE(k, base);
	}
	image_free(img);
	testplat_free(k);
}

TEST(sig_policy_matrix)
{
	for (size_t i = 0; i < sizeof(matrix) / sizeof(matrix[0]); i++) {
		int status;
		pid_t pid;

		/* One kernel each: the switches are one-way. */
		fflush(NULL);
		pid = fork();
		if (pid == 0) {
			run_case(&matrix[i]);
			exit(0);
		}
		CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			FAILF("case %zu (verdict %d, %s) failed", i,
			      matrix[i].verdict, policy_names[matrix[i].policy]);
	}
}

/* Without a verifier and without policy, nothing is checked or tainted. */
TEST(sig_no_verifier_no_check)
{
	struct lkm_kernel *k = kernel_with(false, POLICY_NONE);
	size_t n;
	struct image img = signed_image(2, 0, &n);

	CHECK_EQ(image_load(k, img), 0);
	CHECK_EQ(sig_state_of(k, "noinit"), LKM_SIG_UNCHECKED);
	CHECK_EQ(lkm_kernel_get_taint(k) & TAINT_E, 0);
	fixture_unload(k, "noinit");
	image_free(img);
	testplat_free(k);
}

/* Enforced without a verifier: every module is unverifiable. */
TEST(sig_no_verifier_enforced_refuses_all)
{
	struct lkm_kernel *k = kernel_with(false, POLICY_ENFORCE);
	struct image plain = image_read("noinit");
	size_t n;
	struct image img = signed_image(2, 0, &n);

	CHECK_EQ(image_load(k, plain), -LKM_EKEYREJECTED);
	CHECK_EQ(image_load(k, img), -LKM_EKEYREJECTED);
	CHECK_LOG("Loading of module with unsupported crypto is rejected");
	image_free(plain);
	image_free(img);
	testplat_free(k);
}

/* A sig_len that does not fit is refused as bad, whatever the policy. */
TEST(sig_malformed_trailer_refused)
{
	struct lkm_kernel *k = kernel_with(false, POLICY_NONE);
	size_t n;
	struct image img = signed_image(2, 1 << 20, &n);
	struct image zero = signed_image(2, -(long)FAKE_SIG_LEN, &n);

	CHECK_EQ(image_load(k, img), -LKM_EBADMSG);
	CHECK_LOG("malformed module signature trailer");
	CHECK_EQ(image_load(k, zero), -LKM_EBADMSG);
	image_free(img);
	image_free(zero);
	testplat_free(k);
}

/* A trailer that is not PKCS#7 (id_type 1, X.509) counts as unverifiable. */
TEST(sig_not_pkcs7_is_unverifiable)
{
	struct lkm_kernel *k = kernel_with(true, POLICY_NONE);
	size_t n;
	struct image img = signed_image(1, 0, &n);

	verify_calls = 0;
	CHECK_EQ(image_load(k, img), 0);
	CHECK_EQ(verify_calls, 0);
	CHECK_LOG("not signed with expected PKCS#7 message");
	CHECK_EQ(sig_state_of(k, "noinit"), LKM_SIG_UNVERIFIED);
	CHECK(lkm_kernel_get_taint(k) & TAINT_E);
	fixture_unload(k, "noinit");
	image_free(img);
	testplat_free(k);
}

/* Enforcement is checked before lockdown, as Linux: -EKEYREJECTED. */
TEST(sig_enforce_before_lockdown)
{
	struct lkm_kernel *k = kernel_with(true, POLICY_ENFORCE);
	struct image plain = image_read("noinit");

	CHECK_EQ(lkm_kernel_set_lockdown(k, LKM_LOCKDOWN_INTEGRITY), 0);
	CHECK_EQ(image_load(k, plain), -LKM_EKEYREJECTED);
	image_free(plain);
	testplat_free(k);
}

/* The taint message appears once; the second module taints silently. */
TEST(sig_taint_message_once)
{
	struct lkm_kernel *k = kernel_with(true, POLICY_NONE);
	struct image plain = image_read("noinit");
	const char *first;

	CHECK_EQ(image_load(k, plain), 0);
	fixture_unload(k, "noinit");
	CHECK_EQ(image_load(k, plain), 0);
	first = strstr(testplat_log(), MSG_TAINT);
	CHECK(first && !strstr(first + 1, MSG_TAINT));
	fixture_unload(k, "noinit");
	image_free(plain);
	testplat_free(k);
}
