#ifndef TESSERA_CMAXMINDDB_SHIM_H
#define TESSERA_CMAXMINDDB_SHIM_H
#include <maxminddb.h>
#include <string.h>

/// Looks `ip` up and copies the country's ISO 3166-1 alpha-2 code into `out` (NUL-terminated).
/// `MMDB_get_value` is variadic and does not import into Swift, hence this shim.
/// Returns 1 when a code was found, 0 when the address is not in the database or has no
/// country, -1 when `ip` is not an address, -2 on a database error.
/// The `country` record is preferred; `registered_country` is the fallback (anycast and
/// satellite ranges carry only that one).
static inline int tessera_mmdb_country(MMDB_s *db, const char *ip, char *out, size_t out_size) {
    int gai_error = 0, mmdb_error = MMDB_SUCCESS;
    MMDB_lookup_result_s result = MMDB_lookup_string(db, ip, &gai_error, &mmdb_error);
    if (gai_error != 0) return -1;
    if (mmdb_error != MMDB_SUCCESS) return -2;
    if (!result.found_entry) return 0;
    const char *const paths[2][3] = { { "country", "iso_code", NULL }, { "registered_country", "iso_code", NULL } };
    for (int i = 0; i < 2; i++) {
        MMDB_entry_data_s data;
        int status = MMDB_aget_value(&result.entry, &data, paths[i]);
        if (status == MMDB_SUCCESS && data.has_data && data.type == MMDB_DATA_TYPE_UTF8_STRING) {
            size_t n = data.data_size < out_size - 1 ? data.data_size : out_size - 1;
            memcpy(out, data.utf8_string, n);
            out[n] = 0;
            return 1;
        }
    }
    return 0;
}
#endif
