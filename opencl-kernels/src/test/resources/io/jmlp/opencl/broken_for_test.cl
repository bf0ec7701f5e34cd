// Deliberately broken (an undeclared identifier), so a test can see the build log in the exception.
__kernel void broken(__global float* x) {
    x[get_global_id(0)] = undeclared_value_in_broken_kernel;
}
