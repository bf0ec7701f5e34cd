// Bad input found on the device (a label, row index or step clock out of range) cannot throw there. The first
// kernel to find one records it in the backend's status buffer {code, value, position, limit};
// the backend reads the buffer whenever it waits anyway (read, synchronize) and throws then.
#define STATUS_LABEL_OUT_OF_RANGE 1
#define STATUS_INDEX_OUT_OF_RANGE 2
// The step clock points outside what it indexes; position is CLOCK_GATHER_POSITION or CLOCK_RATE_ROW.
#define STATUS_CLOCK_OUT_OF_RANGE 3
#define CLOCK_GATHER_POSITION 0
#define CLOCK_RATE_ROW 1

void report_status(__global int* status, int code, int value, int position, int limit) {
    if (atomic_cmpxchg(status, 0, code) == 0) {
        status[1] = value;
        status[2] = position;
        status[3] = limit;
    }
}
