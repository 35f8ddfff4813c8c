// Open MPI's C API (Debian `libopenmpi-dev`). Its handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, …)
// are macros over the addresses of library globals, which Swift cannot import: these functions
// return them.
#include <mpi.h>

static inline MPI_Comm batchlab_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype batchlab_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype batchlab_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype batchlab_mpi_char(void) { return MPI_CHAR; }
static inline MPI_Op batchlab_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op batchlab_mpi_max(void) { return MPI_MAX; }
static inline void *batchlab_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Info batchlab_mpi_info_null(void) { return MPI_INFO_NULL; }
static inline MPI_Errhandler batchlab_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Datatype batchlab_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype batchlab_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Comm batchlab_mpi_comm_null(void) { return MPI_COMM_NULL; }
