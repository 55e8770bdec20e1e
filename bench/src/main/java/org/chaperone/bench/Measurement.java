package org.chaperone.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario's result: the gateway figure and its reference, measured in interleaved pairs
 * (reference, gateway, reference, gateway, ...) so that drift on a shared machine hits both.
 *
 * @param scenario the scenario's name
 * @param unit the figure's unit, e.g. "sends/s" or "ms"
 * @param higherIsBetter whether a larger figure is better (throughput) or worse (latency)
 * @param reference the reference's name
 * @param referenceRuns the reference figure of each pair
 * @param gatewayRuns the gateway figure of each pair
 * @param extra further figures (percentiles, counts), from the last pair
 */
record Measurement(String scenario, String unit, boolean higherIsBetter, String reference,
    List<Double> referenceRuns, List<Double> gatewayRuns, Map<String, Object> extra) {

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Gateway ÷ reference per pair. */
  List<Double> ratios() {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < gatewayRuns.size(); i++) {
      ratios.add(gatewayRuns.get(i) / referenceRuns.get(i));
    }
    return ratios;
  }

  double medianRatio() {
    return median(ratios());
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scenario", scenario);
    json.put("unit", unit);
    json.put("higher_is_better", higherIsBetter);
    json.put("reference", reference);
    json.put("reference_runs", referenceRuns);
    json.put("gateway_runs", gatewayRuns);
    json.put("ratios", ratios());
    json.put("median_reference", median(referenceRuns));
    json.put("median_gateway", median(gatewayRuns));
    json.put("median_ratio", medianRatio());
    json.put("extra", extra);
    return json;
  }
}
