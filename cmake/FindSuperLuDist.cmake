# Finds Debian's SuperLU_DIST (libsuperlu-dist-dev, OpenMPI). Creates the imported target
# SuperLuDist::superlu_dist.
include(FindPackageHandleStandardArgs)

find_path(SUPERLU_DIST_INCLUDE_DIR NAMES superlu_ddefs.h PATH_SUFFIXES superlu-dist superlu_dist)
find_library(SUPERLU_DIST_LIBRARY NAMES superlu_dist)

find_package_handle_standard_args(SuperLuDist
  REQUIRED_VARS SUPERLU_DIST_LIBRARY SUPERLU_DIST_INCLUDE_DIR
  FAIL_MESSAGE "SuperLU_DIST not found: apt-get install -y libsuperlu-dist-dev")

if(SuperLuDist_FOUND AND NOT TARGET SuperLuDist::superlu_dist)
  add_library(SuperLuDist::superlu_dist UNKNOWN IMPORTED)
  set_target_properties(SuperLuDist::superlu_dist PROPERTIES
    IMPORTED_LOCATION "${SUPERLU_DIST_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SUPERLU_DIST_INCLUDE_DIR}")
endif()
