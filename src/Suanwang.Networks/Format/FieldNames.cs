namespace Suanwang.Networks.Format;

/// <summary>The fields each mapping of a network file may hold (see docs/networks.md).</summary>
internal static class FieldNames
{
    public static readonly string[] Network = { "id", "description", "catalog", "regions", "links", "intraRegion", "tiers", "centers" };
    public static readonly string[] Catalog = { "referenceModel", "models" };
    public static readonly string[] Model = { "id", "name", "kind", "vendor", "relativeSpeed", "memoryGiB", "boardPowerWatts", "aliases" };
    public static readonly string[] Region = { "id", "name", "nameZh", "role", "lat", "lon", "residencyZone" };
    public static readonly string[] Link = { "between", "latencyMs", "bandwidthGbps", "pricePerGbYuan" };
    public static readonly string[] IntraRegion = { "latencyMs", "bandwidthGbps", "pricePerGbYuan" };
    public static readonly string[] Tier = { "name", "guaranteedShare", "weight" };
    public static readonly string[] Center = { "id", "name", "nameZh", "region", "backend", "lat", "lon", "residencyZone", "pools", "pricing", "energy", "engine" };
    public static readonly string[] Pool = { "id", "accelerator", "acceleratorsPerNode", "cpusPerNode", "memoryGiBPerNode", "nodes", "perAcceleratorHourYuan", "features" };
    public static readonly string[] Pricing = { "perAcceleratorHourYuan", "perCpuHourYuan", "hourOfDay", "utcOffsetHours" };
    public static readonly string[] Energy = { "pue", "carbon", "renewable", "cpuWattsPerCore", "wue" };
    public static readonly string[] Carbon = { "annualGramsPerKwh", "source", "dailyShape", "shapeSource", "utcOffsetHours", "file", "format", "column" };
    public static readonly string[] Renewable = { "annualShare", "source", "dailyShape", "shapeSource", "utcOffsetHours", "file", "format" };
}
