# certs/certs.mk - the build's module-signing key pair, as Linux's certs/.
#
# $(SIGNING_KEY) holds a private key and its self-signed X.509 certificate
# (PEM), $(SIGNING_CERT) the certificate alone (DER): the kernel trusts it
# (kernel.mk links it in) and in-tree modules are signed with the key as
# they are installed into the module tree (modules.mk).  Both are made by
# `lkm-build --gen-key` when absent and kept across builds, so that modules
# signed earlier still verify; they live in $(BUILD) and are never committed.
# To sign with a key of your own, put its PEM (key and certificate) at
# $(SIGNING_KEY) before building, or pass SIGNING_KEY=... SIGNING_CERT=...

CERTS_DIR := $(BUILD)/certs
SIGNING_KEY ?= $(CERTS_DIR)/signing_key.pem
SIGNING_CERT ?= $(CERTS_DIR)/signing_key.x509
# The digest in-tree modules are signed with (CONFIG_MODULE_SIG_HASH).
SIGNING_HASH ?= sha256

# Order-only on lkm-build: a rebuilt tool must not make a new key.
$(CERTS_DIR)/signing_key.pem $(CERTS_DIR)/signing_key.x509 &: | $(BIN)/lkm-build
	$(BIN)/lkm-build --gen-key $(CERTS_DIR)

ALL_TARGETS += $(SIGNING_KEY) $(SIGNING_CERT)
