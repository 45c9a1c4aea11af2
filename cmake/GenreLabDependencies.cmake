# Every third-party dependency is found here, once (the Debian package names are in
# packaging/install-deps.sh).

set(CMAKE_AUTOMOC ON)
set(CMAKE_AUTORCC ON)
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Concurrent Sql Test Multimedia Charts)
find_package(PkgConfig REQUIRED)
pkg_check_modules(FFMPEG REQUIRED IMPORTED_TARGET libavformat libavcodec libswresample libavutil)
pkg_check_modules(FFTW3F REQUIRED IMPORTED_TARGET fftw3f)
pkg_check_modules(FLUIDSYNTH REQUIRED IMPORTED_TARGET fluidsynth)
pkg_check_modules(TAGLIB REQUIRED IMPORTED_TARGET taglib)

# Debian's TorchConfig.cmake pulls in Caffe2's CUDA probing; it is quiet on a CPU-only box.
find_package(Torch REQUIRED)
# GCC's own OpenMP (libgomp, which Debian's LibTorch uses): core/ml's kernels need -fopenmp
# for at::parallel_for to run in parallel (core/ml/CMakeLists.txt).
find_package(OpenMP REQUIRED COMPONENTS CXX)
