#ifndef TESSERA_CLIBXML2_SHIM_H
#define TESSERA_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* libxml2's ICU types clash with Foundation's own ICU module on a clean build. */
#ifdef LIBXML_ICU_ENABLED
#undef LIBXML_ICU_ENABLED
#endif
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

/// xmlFree is a C global function pointer; call it through a function under strict concurrency.
static inline void tessera_xml_free(void *p) { if (p) xmlFree(p); }
#endif
