#ifndef TESSERA_CCRYPTO_SHIM_H
#define TESSERA_CCRYPTO_SHIM_H
#include <stddef.h>
#include <openssl/evp.h>

/* SHA-256 through OpenSSL's EVP interface (hardware-accelerated where the CPU allows).
   A small surface, so Swift sees only what Tessera uses. NULL / 0 on failure. */
static inline void *tessera_sha256_new(void) {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) { EVP_MD_CTX_free(ctx); return NULL; }
    return ctx;
}
static inline void *tessera_sha256_copy(const void *ctx) {
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    if (copy && EVP_MD_CTX_copy_ex(copy, (const EVP_MD_CTX *)ctx) != 1) { EVP_MD_CTX_free(copy); return NULL; }
    return copy;
}
static inline int tessera_sha256_update(void *ctx, const void *data, size_t count) {
    return EVP_DigestUpdate((EVP_MD_CTX *)ctx, data, count);
}
static inline int tessera_sha256_final(void *ctx, unsigned char *digest32) {
    unsigned int length = 0;
    return EVP_DigestFinal_ex((EVP_MD_CTX *)ctx, digest32, &length) == 1 && length == 32;
}
static inline void tessera_sha256_free(void *ctx) { EVP_MD_CTX_free((EVP_MD_CTX *)ctx); }
static inline int tessera_sha256_oneshot(const void *data, size_t count, unsigned char *digest32) {
    unsigned int length = 0;
    return EVP_Digest(data, count, digest32, &length, EVP_sha256(), NULL) == 1 && length == 32;
}
#endif
