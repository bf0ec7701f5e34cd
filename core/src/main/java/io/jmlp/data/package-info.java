/**
 * Data sets in host memory: {@link io.jmlp.data.Dataset} (row-major features with class labels or
 * float targets), the readers for IDX files ({@link io.jmlp.data.IdxReader}) and CSV tables
 * ({@link io.jmlp.data.CsvReader}), the named sets {@code --data} accepts
 * ({@link io.jmlp.data.DataSources}: the embedded digits, Fashion-MNIST, moons, …), scalers fitted on
 * a training split only ({@link io.jmlp.data.FeatureScaler}) and stratified splits and folds
 * ({@link io.jmlp.data.Folds}). A bad file is a {@link io.jmlp.data.DataFileException} naming the
 * file, line and column. Nothing here touches a backend: {@code io.jmlp.train.DeviceDataset} uploads a
 * set once for training.
 */
package io.jmlp.data;
