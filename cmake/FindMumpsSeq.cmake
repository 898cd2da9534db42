# Finds Debian's sequential MUMPS (libmumps-seq-dev) for the double-precision real and
# complex C interfaces. Creates the imported targets MumpsSeq::dmumps and MumpsSeq::zmumps.
include(FindPackageHandleStandardArgs)

find_path(MUMPS_SEQ_INCLUDE_DIR NAMES dmumps_c.h)
find_path(MUMPS_SEQ_ZMUMPS_INCLUDE_DIR NAMES zmumps_c.h)
find_path(MUMPS_SEQ_MPI_INCLUDE_DIR NAMES mpi.h PATH_SUFFIXES mumps_seq NO_DEFAULT_PATH
          PATHS /usr/include /usr/local/include)
find_library(MUMPS_SEQ_DMUMPS_LIBRARY NAMES dmumps_seq)
find_library(MUMPS_SEQ_ZMUMPS_LIBRARY NAMES zmumps_seq)
find_library(MUMPS_SEQ_COMMON_LIBRARY NAMES mumps_common_seq)
find_library(MUMPS_SEQ_PORD_LIBRARY NAMES pord_seq)
find_library(MUMPS_SEQ_MPISEQ_LIBRARY NAMES mpiseq_seq)

find_package_handle_standard_args(MumpsSeq
  REQUIRED_VARS MUMPS_SEQ_DMUMPS_LIBRARY MUMPS_SEQ_ZMUMPS_LIBRARY MUMPS_SEQ_COMMON_LIBRARY
                MUMPS_SEQ_PORD_LIBRARY MUMPS_SEQ_MPISEQ_LIBRARY MUMPS_SEQ_INCLUDE_DIR
                MUMPS_SEQ_ZMUMPS_INCLUDE_DIR MUMPS_SEQ_MPI_INCLUDE_DIR
  FAIL_MESSAGE "sequential MUMPS not found: apt-get install -y libmumps-seq-dev (or run scripts/install-deps.sh)")

if(MumpsSeq_FOUND)
  set(_mumps_seq_common "${MUMPS_SEQ_COMMON_LIBRARY};${MUMPS_SEQ_PORD_LIBRARY};${MUMPS_SEQ_MPISEQ_LIBRARY}")
  foreach(_arithmetic dmumps zmumps)
    string(TOUPPER ${_arithmetic} _upper)
    if(NOT TARGET MumpsSeq::${_arithmetic})
      add_library(MumpsSeq::${_arithmetic} UNKNOWN IMPORTED)
      set_target_properties(MumpsSeq::${_arithmetic} PROPERTIES
        IMPORTED_LOCATION "${MUMPS_SEQ_${_upper}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${MUMPS_SEQ_MPI_INCLUDE_DIR};${MUMPS_SEQ_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "${_mumps_seq_common}")
    endif()
  endforeach()
endif()
