#include <oneapi/dnnl/dnnl.h>

// oneDNN in Debian is built with the OpenMP runtime (DNNL_CPU_RUNTIME_OMP): its
// thread count is OpenMP's. Declared here because clang does not see gcc's omp.h.
void omp_set_num_threads(int num_threads);
int omp_get_max_threads(void);
