#include <immintrin.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
// the 4x16 tile's step in C: 4 broadcasts + 2 loads + 8 FMAs; and a 6x16 (12 acc) for comparison
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
__attribute__((noinline)) void k4(int kc,const float*a,const float*b,float*c){
  __m256 c0=_mm256_setzero_ps(),c1=c0,c2=c0,c3=c0,c4=c0,c5=c0,c6=c0,c7=c0;
  for(int p=0;p<kc;p++){__m256 b0=_mm256_loadu_ps(b+16*p),b1=_mm256_loadu_ps(b+16*p+8);
   __m256 x=_mm256_broadcast_ss(a+4*p);c0=_mm256_fmadd_ps(b0,x,c0);c1=_mm256_fmadd_ps(b1,x,c1);
   x=_mm256_broadcast_ss(a+4*p+1);c2=_mm256_fmadd_ps(b0,x,c2);c3=_mm256_fmadd_ps(b1,x,c3);
   x=_mm256_broadcast_ss(a+4*p+2);c4=_mm256_fmadd_ps(b0,x,c4);c5=_mm256_fmadd_ps(b1,x,c5);
   x=_mm256_broadcast_ss(a+4*p+3);c6=_mm256_fmadd_ps(b0,x,c6);c7=_mm256_fmadd_ps(b1,x,c7);}
  _mm256_storeu_ps(c,c0);_mm256_storeu_ps(c+8,c1);_mm256_storeu_ps(c+16,c2);_mm256_storeu_ps(c+24,c3);
  _mm256_storeu_ps(c+32,c4);_mm256_storeu_ps(c+40,c5);_mm256_storeu_ps(c+48,c6);_mm256_storeu_ps(c+56,c7);}
__attribute__((noinline)) void k6(int kc,const float*a,const float*b,float*c){
  __m256 c0=_mm256_setzero_ps(),c1=c0,c2=c0,c3=c0,c4=c0,c5=c0,c6=c0,c7=c0,c8=c0,c9=c0,c10=c0,c11=c0;
  for(int p=0;p<kc;p++){__m256 b0=_mm256_loadu_ps(b+16*p),b1=_mm256_loadu_ps(b+16*p+8);
   __m256 x=_mm256_broadcast_ss(a+6*p);c0=_mm256_fmadd_ps(b0,x,c0);c1=_mm256_fmadd_ps(b1,x,c1);
   x=_mm256_broadcast_ss(a+6*p+1);c2=_mm256_fmadd_ps(b0,x,c2);c3=_mm256_fmadd_ps(b1,x,c3);
   x=_mm256_broadcast_ss(a+6*p+2);c4=_mm256_fmadd_ps(b0,x,c4);c5=_mm256_fmadd_ps(b1,x,c5);
   x=_mm256_broadcast_ss(a+6*p+3);c6=_mm256_fmadd_ps(b0,x,c6);c7=_mm256_fmadd_ps(b1,x,c7);
   x=_mm256_broadcast_ss(a+6*p+4);c8=_mm256_fmadd_ps(b0,x,c8);c9=_mm256_fmadd_ps(b1,x,c9);
   x=_mm256_broadcast_ss(a+6*p+5);c10=_mm256_fmadd_ps(b0,x,c10);c11=_mm256_fmadd_ps(b1,x,c11);}
  _mm256_storeu_ps(c,_mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0,c1),_mm256_add_ps(c2,c3)),_mm256_add_ps(_mm256_add_ps(c4,c5),_mm256_add_ps(c6,c7))));
  _mm256_storeu_ps(c+8,_mm256_add_ps(_mm256_add_ps(c8,c9),_mm256_add_ps(c10,c11)));}
int main(){int kc=256;float*a=aligned_alloc(64,4*6*kc),*b=aligned_alloc(64,4*16*kc),c[96];
 for(int i=0;i<6*kc;i++)a[i]=1e-3f;for(int i=0;i<16*kc;i++)b[i]=1e-3f;
 for(int r=0;r<3;r++){long n=2000000;double t=now();for(long i=0;i<n;i++)k4(kc,a,b,c);t=now()-t;
  printf("4x16 in L1: %.1f GFLOP/s\n",2.0*64*kc*n/t/1e9);
  t=now();for(long i=0;i<n;i++)k6(kc,a,b,c);t=now()-t;printf("6x16 in L1: %.1f GFLOP/s\n",2.0*96*kc*n/t/1e9);}
 return c[0]==42;}
