# Finds Debian's MPI build of MUMPS (libmumps-dev, OpenMPI) for the double-precision real and
# complex C interfaces. Creates the imported targets MumpsMpi::dmumps and MumpsMpi::zmumps.
# The sequential build (MumpsSeq) exports the same symbols: one binary links one or the other.
include(FindPackageHandleStandardArgs)

find_path(MUMPS_MPI_INCLUDE_DIR NAMES dmumps_c.h zmumps_c.h)
find_library(MUMPS_MPI_DMUMPS_LIBRARY NAMES dmumps)
find_library(MUMPS_MPI_ZMUMPS_LIBRARY NAMES zmumps)
find_library(MUMPS_MPI_COMMON_LIBRARY NAMES mumps_common)
find_library(MUMPS_MPI_PORD_LIBRARY NAMES pord)

find_package_handle_standard_args(MumpsMpi
  REQUIRED_VARS MUMPS_MPI_DMUMPS_LIBRARY MUMPS_MPI_ZMUMPS_LIBRARY MUMPS_MPI_COMMON_LIBRARY
                MUMPS_MPI_PORD_LIBRARY MUMPS_MPI_INCLUDE_DIR
  FAIL_MESSAGE "MPI MUMPS not found: apt-get install -y libmumps-dev (or run scripts/install-deps.sh)")

if(MumpsMpi_FOUND)
  foreach(_arithmetic dmumps zmumps)
    string(TOUPPER ${_arithmetic} _upper)
    if(NOT TARGET MumpsMpi::${_arithmetic})
      add_library(MumpsMpi::${_arithmetic} UNKNOWN IMPORTED)
      set_target_properties(MumpsMpi::${_arithmetic} PROPERTIES
        IMPORTED_LOCATION "${MUMPS_MPI_${_upper}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${MUMPS_MPI_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "${MUMPS_MPI_COMMON_LIBRARY};${MUMPS_MPI_PORD_LIBRARY}")
    endif()
  endforeach()
endif()
