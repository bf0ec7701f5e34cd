#include <immintrin.h>
#include <stdio.h>
#include <time.h>
int main(){ __m256 a[12]; __m256 x=_mm256_set1_ps(1.0001f), y=_mm256_set1_ps(0.9999f);
 for(int i=0;i<12;i++) a[i]=_mm256_set1_ps(i);
 for(int rep=0;rep<5;rep++){ struct timespec t0,t1; clock_gettime(CLOCK_MONOTONIC,&t0);
 long n=200000000;
 for(long i=0;i<n;i++){ 
 #pragma GCC unroll 12
 for(int j=0;j<12;j++) a[j]=_mm256_fmadd_ps(a[j],x,y);}
 clock_gettime(CLOCK_MONOTONIC,&t1); double s=(t1.tv_sec-t0.tv_sec)+1e-9*(t1.tv_nsec-t0.tv_nsec);
 printf("%.1f GFLOP/s\n", n*12*16/s/1e9);}
 float f=0; for(int i=0;i<12;i++) f+=a[i][0]; printf("%f\n",f);}
