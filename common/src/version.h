/*
 * version.h (internal to common/): the one version string of the core. The build passes
 * -DSO_VERSION=\"x.y.z\" (read from the single place the project keeps its version); this default only
 * keeps a bare `make -C common` working.
 */
#ifndef SCHEMAOPS_VERSION_H
#define SCHEMAOPS_VERSION_H

#ifndef SO_VERSION
#define SO_VERSION "0.1.0"
#endif

#endif
