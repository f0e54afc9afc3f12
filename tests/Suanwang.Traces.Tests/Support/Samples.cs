namespace Suanwang.Traces.Tests.Support;

/// <summary>Small inline traces with one of each interesting row.</summary>
internal static class Samples
{
    /// <summary>Philly: header, the real file's blank second line, 5 data rows (lines 3–7): ok, ok, zero duration, malformed, 16 GPUs.</summary>
    public const string Philly =
        "timestamp,duration,num_gpus,gpu_time,cluster\n" +
        "\n" +
        "2017-09-04 10:30:41,2240194.0,8,17921552.0,7f04ca\n" +
        "2017-09-07 03:58:57,3600.0,1,3600.0,6214e9\n" +
        "2017-09-07 09:57:50,0.0,1,0.0,6214e9\n" +
        "2017-09-07 10:00:00,abc,1,0,6214e9\n" +
        "2017-09-07 11:00:00,60.0,16,960.0,11cb48\n";

    /// <summary>openb pods (lines 2–8): sharing, whole GPU with spec, CPU-only, pending, deleted-at-creation, malformed, 8 GPUs.</summary>
    public const string Openb =
        "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\n" +
        "openb-pod-0000,12000,16384,1,460,,LS,Running,0,3600,0\n" +
        "openb-pod-0001,3152,5600,1,1000,V100M16|V100M32,BE,Succeeded,100,7300,100\n" +
        "openb-pod-0002,32000,49152,0,0,nan,BE,Failed,200,500,260\n" +
        "openb-pod-0003,4000,8192,1,1000,,LS,Pending,300,1300,\n" +
        "openb-pod-0004,4000,8192,1,1000,,LS,Pending,400,400,\n" +
        "openb-pod-0005,4000,lots,1,1000,,LS,Running,500,900,500\n" +
        "openb-pod-0006,88000,327680,8,1000,,Burstable,Succeeded,600,4200,610\n";

    /// <summary>SWF: header, then (lines 16–21) ok, run -1, alloc -1 with requested 4, no processors, 17 fields, ok with memory.</summary>
    public const string Swf =
        "; Version: 2.2\n" +
        "; Computer: Test Machine\n" +
        "; UnixStartTime: 749458803\n" +
        "; TimeZone: -28800\n" +
        "; TimeZoneString: US/Pacific\n" +
        "; MaxProcs: 128\n" +
        "; Queue:  0  interactive\n" +
        "; Queue:  1  batch\n" +
        ";\n" +
        "; Note: a sample\n" +
        ";\n" +
        ";\n" +
        ";\n" +
        ";\n" +
        ";\n" +
        "    1        0     -1   1451  128     -1    -1   -1     -1    -1  1   1   1  -1  1 -1 -1 -1\n" +
        "    2     1460     -1     -1  128     -1    -1   -1     -1    -1 -1   2   1  -1 -1 -1 -1 -1\n" +
        "    3     5198     -1   1067   -1     -1    -1    4     -1    -1  0  -1   2  -1  0 -1 -1 -1\n" +
        "    4     6269     -1  10927   -1     -1    -1   -1     -1    -1 -1   3   1  -1 -1 -1 -1 -1\n" +
        "    5    17201     -1   2927  128     -1    -1   -1     -1    -1 -1   1   1  -1 -1 -1 -1\n" +
        "    6    20000     -1   3600    2     -1  1048576  -1  -1    -1  5   4   1  -1  7 -1 -1 -1\n";
}
