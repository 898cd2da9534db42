# Finds Debian's METIS 5 (libmetis-dev) and creates the imported target Metis::metis.
include(FindPackageHandleStandardArgs)

find_path(METIS_INCLUDE_DIR NAMES metis.h)
find_library(METIS_LIBRARY NAMES metis)

find_package_handle_standard_args(Metis
  REQUIRED_VARS METIS_LIBRARY METIS_INCLUDE_DIR
  FAIL_MESSAGE "METIS not found: apt-get install -y libmetis-dev (or run scripts/install-deps.sh)")

if(Metis_FOUND AND NOT TARGET Metis::metis)
  add_library(Metis::metis UNKNOWN IMPORTED)
  set_target_properties(Metis::metis PROPERTIES
    IMPORTED_LOCATION "${METIS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${METIS_INCLUDE_DIR}")
endif()
