import { registerAggregates } from './aggregates';
import { registerArrays } from './arrays';
import { registerBinary } from './binary';
import { registerConditional } from './conditional';
import { registerDatetime } from './datetime';
import { registerJson } from './json';
import { registerMaps } from './maps';
import { registerMath } from './math';
import { FunctionRegistry } from './registry';
import { registerRegexp } from './regexp';
import { registerStrings } from './string';
import { registerWindows } from './windows';

/**
 * Every function the sandbox implements, one file per family of Trino's function reference. A
 * name Trino knows but no family registers is refused by name (UNIMPLEMENTED_FUNCTIONS).
 */
export const FUNCTIONS = new FunctionRegistry();
for (const register of [
  registerMath,
  registerStrings,
  registerRegexp,
  registerBinary,
  registerDatetime,
  registerArrays,
  registerMaps,
  registerJson,
  registerAggregates,
  registerWindows,
  registerConditional,
]) {
  register(FUNCTIONS);
}

/** Trino / Athena engine 3 functions the sandbox cannot compute faithfully: refused by name, not answered differently. */
export const UNIMPLEMENTED_FUNCTIONS = new Set(
  (
    'approx_most_frequent approx_set merge empty_approx_set qdigest_agg tdigest_agg value_at_quantile values_at_quantiles ' +
    'numeric_histogram reduce_agg checksum make_set_digest merge_set_digest intersection_cardinality jaccard_index hash_counts ' +
    'xxhash64 murmur3 spooky_hash_v2_32 spooky_hash_v2_64 sha512 crc32 hmac_md5 hmac_sha1 hmac_sha256 hmac_sha512 ' +
    'from_big_endian_32 from_big_endian_64 to_big_endian_32 to_big_endian_64 from_ieee754_32 from_ieee754_64 to_ieee754_32 to_ieee754_64 ' +
    'combinations split_to_multimap soundex word_stem from_iso8601_timestamp_nanos from_unixtime_nanos current_timestamp_nanos ' +
    'beta_cdf inverse_beta_cdf inverse_normal_cdf normal_cdf t_cdf t_pdf wilson_interval_lower wilson_interval_upper ' +
    'cosine_similarity cosine_distance euclidean_distance dot_product classify features learn_classifier learn_regressor regress ' +
    'evaluate_classifier_predictions bar color render rgb parse_data_size geometric_mean_interval array_histogram array_first array_last ' +
    'bing_tile bing_tile_at bing_tile_coordinates bing_tile_polygon bing_tile_quadkey bing_tile_zoom_level bing_tiles_around ' +
    'great_circle_distance line_interpolate_point line_locate_point to_encoded_polyline from_encoded_polyline ' +
    'to_geojson_geometry from_geojson_geometry to_spherical_geography to_geometry geometry_nearest_points geometry_union ' +
    'convex_hull_agg geometry_union_agg spatial_partitioning spatial_partitions simplify_geometry geometry_invalid_reason ' +
    'geometry_from_hadoop_shape geometry_to_bing_tiles luhn_check_digit title_case'
  ).split(' '),
);

/** Any geospatial ST_… function is refused by name too. */
export function isUnimplemented(name: string): boolean {
  return UNIMPLEMENTED_FUNCTIONS.has(name) || name.startsWith('st_');
}
