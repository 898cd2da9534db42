# Finds Debian's sequential MUMPS (libmumps-seq-dev) for the double-precision C interface.
# Creates the imported target MumpsSeq::dmumps.
include(FindPackageHandleStandardArgs)

find_path(MUMPS_SEQ_INCLUDE_DIR NAMES dmumps_c.h)
find_path(MUMPS_SEQ_MPI_INCLUDE_DIR NAMES mpi.h PATH_SUFFIXES mumps_seq NO_DEFAULT_PATH
          PATHS /usr/include /usr/local/include)
find_library(MUMPS_SEQ_DMUMPS_LIBRARY NAMES dmumps_seq)
find_library(MUMPS_SEQ_COMMON_LIBRARY NAMES mumps_common_seq)
find_library(MUMPS_SEQ_PORD_LIBRARY NAMES pord_seq)
find_library(MUMPS_SEQ_MPISEQ_LIBRARY NAMES mpiseq_seq)

find_package_handle_standard_args(MumpsSeq
  REQUIRED_VARS MUMPS_SEQ_DMUMPS_LIBRARY MUMPS_SEQ_COMMON_LIBRARY MUMPS_SEQ_PORD_LIBRARY
                MUMPS_SEQ_MPISEQ_LIBRARY MUMPS_SEQ_INCLUDE_DIR MUMPS_SEQ_MPI_INCLUDE_DIR
  FAIL_MESSAGE "sequential MUMPS not found: apt-get install -y libmumps-seq-dev (or run scripts/install-deps.sh)")

if(MumpsSeq_FOUND AND NOT TARGET MumpsSeq::dmumps)
  add_library(MumpsSeq::dmumps UNKNOWN IMPORTED)
  set_target_properties(MumpsSeq::dmumps PROPERTIES
    IMPORTED_LOCATION "${MUMPS_SEQ_DMUMPS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${MUMPS_SEQ_MPI_INCLUDE_DIR};${MUMPS_SEQ_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${MUMPS_SEQ_COMMON_LIBRARY};${MUMPS_SEQ_PORD_LIBRARY};${MUMPS_SEQ_MPISEQ_LIBRARY}")
endif()
