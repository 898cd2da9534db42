# Finds the SuiteSparse components Lupine uses (Debian ships no CMake config for
# SuiteSparse 5.x). Creates imported targets SuiteSparse::<component>.
#   find_package(LupineSuiteSparse REQUIRED COMPONENTS amd colamd btf klu umfpack)
include(FindPackageHandleStandardArgs)

find_path(SUITESPARSE_INCLUDE_DIR NAMES SuiteSparse_config.h
          PATH_SUFFIXES suitesparse)
find_library(SUITESPARSE_CONFIG_LIBRARY NAMES suitesparseconfig)

set(_lupine_ss_missing "")
if(NOT SUITESPARSE_INCLUDE_DIR OR NOT SUITESPARSE_CONFIG_LIBRARY)
  list(APPEND _lupine_ss_missing suitesparseconfig)
else()
  if(NOT TARGET SuiteSparse::config)
    add_library(SuiteSparse::config UNKNOWN IMPORTED)
    set_target_properties(SuiteSparse::config PROPERTIES
      IMPORTED_LOCATION "${SUITESPARSE_CONFIG_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${SUITESPARSE_INCLUDE_DIR}")
  endif()
endif()

foreach(_component IN LISTS LupineSuiteSparse_FIND_COMPONENTS)
  string(TOUPPER "${_component}" _upper)
  find_path(SUITESPARSE_${_upper}_INCLUDE_DIR NAMES ${_component}.h PATH_SUFFIXES suitesparse)
  find_library(SUITESPARSE_${_upper}_LIBRARY NAMES ${_component})
  if(SUITESPARSE_${_upper}_INCLUDE_DIR AND SUITESPARSE_${_upper}_LIBRARY AND TARGET SuiteSparse::config)
    set(LupineSuiteSparse_${_component}_FOUND TRUE)
    if(NOT TARGET SuiteSparse::${_component})
      add_library(SuiteSparse::${_component} UNKNOWN IMPORTED)
      set_target_properties(SuiteSparse::${_component} PROPERTIES
        IMPORTED_LOCATION "${SUITESPARSE_${_upper}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${SUITESPARSE_${_upper}_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES SuiteSparse::config)
    endif()
  else()
    set(LupineSuiteSparse_${_component}_FOUND FALSE)
    list(APPEND _lupine_ss_missing ${_component})
  endif()
endforeach()

if(_lupine_ss_missing AND LupineSuiteSparse_FIND_REQUIRED)
  message(FATAL_ERROR "SuiteSparse components not found: ${_lupine_ss_missing}. "
                      "Install the Debian package: apt-get install -y libsuitesparse-dev "
                      "(or run scripts/install-deps.sh)")
endif()
find_package_handle_standard_args(LupineSuiteSparse
  REQUIRED_VARS SUITESPARSE_INCLUDE_DIR SUITESPARSE_CONFIG_LIBRARY
  HANDLE_COMPONENTS)
