"""Layer 1, data: the releases and every other input, verified, read and checked.

errors     the error classes every loader raises (the error contract)
checksums  sha256 verification of input files against their ``SHA256SUMS`` lists
config     paths and settings (``TBI_VINTAGE``, ``TBI_WIOD2016_DIR``, ``TBI_CACHE_DIR``)
cache      the checksum-keyed on-disk cache of derived tables and parsed arrays
iotable    the :class:`~lib.data.iotable.IOTable` a loader returns, its checks and balancing
wiod       WIOD 2013 (shipped) and 2016 (opt-in): files, parsers, loaders
longrun    the long-run WIOD 1965-2000 (shipped): files, parser, identities, loader
releases   the registry: one ``Release`` per release, resolved once (``release()``)
macro      KOF, Penn World Table, WGI and WDI
paper      the paper's published tables (references, never results)
countries  names and sectors of the codes

Imports only the standard library and third-party packages.
"""
