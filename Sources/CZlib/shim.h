#ifndef TESSERA_CZLIB_SHIM_H
#define TESSERA_CZLIB_SHIM_H
#include <zlib.h>
/// inflateInit2 is a macro; expose it as a function.
static inline int tessera_inflate_init2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
