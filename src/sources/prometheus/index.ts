// The Prometheus HTTP API source (Prometheus, VictoriaMetrics, Thanos, Mimir). Node I/O, no vscode.
export { prometheusDataSource, type PrometheusAuth, type PrometheusDataSource, type PrometheusSourceOptions } from './source';
export { PrometheusCache } from './cache';
export { PrometheusSourceError, type PrometheusFailure } from './errors';
export { nodeTransport, DEFAULT_RETRY, type Transport, type HttpReply, type HttpRequest, type RetryPolicy, type FetchStats } from './http';
