// SPDX-License-Identifier: MIT
/*
 * signature.c - fuzz target: the core's appended-signature trailer parser
 * (core/signature.c: signature_split()), which runs on the raw image
 * before anything else is checked.
 *
 * Invariants: 0, -ENODATA, -EBADMSG or -ENOPKG; on success the signature
 * and the signed data lie inside the image, end to end, followed by
 * exactly the 12-byte trailer and the 28-byte marker.
 */
#include <stdlib.h>

#include "../../core/internal.h"
#include "fuzz.h"

#define TRAILER (12 + 28)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = fuzz_copy(data, size);
	const uint8_t *sig = NULL;
	size_t sig_len = 0, data_len = 0;
	int err;

	err = signature_split(img, size, &sig, &sig_len, &data_len);
	if (err && err != -LKM_ENODATA && err != -LKM_EBADMSG &&
	    err != -LKM_ENOPKG)
		fuzz_fail("unexpected result %d", err);
	if (!err) {
		if (sig_len == 0 || data_len > size || sig != img + data_len ||
		    sig_len > size - data_len ||
		    size - data_len - sig_len != TRAILER)
			fuzz_fail("signature [%zu, +%zu) and data %zu do not tile %zu bytes",
				  (size_t)(sig - img), sig_len, data_len, size);
	}
	free(img);
	return 0;
}
