using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suanwang.Api.Contracts;
using Suanwang.Broker.Auth;
using Suanwang.Broker.Observability;
using Suanwang.Store;

namespace Suanwang.Broker.Api;

/// <summary>
/// The push channel behind <c>GET /v1/live</c>: each subscriber (one open event stream) gets the
/// jobs that changed and that it may see, and every few seconds the centers' load and the east–west
/// flows. Changed jobs are found by polling the store once a second while anyone listens, so the
/// feed sees every writer's changes (the scheduler's, the API's, another broker process's) without
/// their help. The poll is a range read on the index over the update time; it runs when this broker
/// counted a submission or a transition since the last one, and otherwise every
/// <see cref="QuietPollInterval"/> (for changes it does not count, such as a cancel through the API).
/// </summary>
public sealed class LiveFeed(JobStore jobs, BrokerMetrics metrics, TimeProvider time, ILogger<LiveFeed> logger) : BackgroundService
{
    /// <summary>Event carrying <see cref="JobChangeView"/>[].</summary>
    public const string JobsEvent = "jobs";

    /// <summary>Event carrying <see cref="CenterLoadView"/>[].</summary>
    public const string CentersEvent = "centers";

    /// <summary>Event carrying <see cref="FlowView"/>[].</summary>
    public const string FlowsEvent = "flows";

    /// <summary>Event sent when nothing else was for a while, so proxies and clients see the stream is alive.</summary>
    public const string PingEvent = "ping";

    /// <summary>How often the store is asked for changed jobs.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often the store is asked when this broker counted no change.</summary>
    public static readonly TimeSpan QuietPollInterval = TimeSpan.FromSeconds(5);

    private const int MaxChangesPerPoll = 500;
    private const int QueuedEventsPerSubscriber = 64;

    /// <summary>JSON of the events (the API's web defaults).</summary>
    public static readonly JsonSerializerOptions Json = CreateJson();

    private readonly ConcurrentDictionary<Subscriber, byte> _subscribers = new();
    private long _watermarkMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    private HashSet<(string, long)> _sentAtWatermark = [];
    private double _activitySeen = -1;
    private DateTimeOffset _lastPoll;

    /// <summary>Open streams now.</summary>
    public int Subscribers => _subscribers.Count;

    /// <summary>Opens a stream for <paramref name="caller"/>; dispose it to close.</summary>
    public Subscriber Subscribe(Caller caller)
    {
        var subscriber = new Subscriber(this, caller);
        _subscribers[subscriber] = 0;
        return subscriber;
    }

    /// <summary>Sends an event to every subscriber (for what every token may see: centers and flows).</summary>
    public void PublishToAll(string eventType, string json)
    {
        foreach (var subscriber in _subscribers.Keys) subscriber.Offer(new SseItem<string>(json, eventType));
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, time, stoppingToken);
                if (_subscribers.IsEmpty)
                {
                    _watermarkMs = time.GetUtcNow().ToUnixTimeMilliseconds();
                    continue;
                }
                double activity = Activity();
                var now = time.GetUtcNow();
                if (activity == _activitySeen && now - _lastPoll < QuietPollInterval) continue;
                _activitySeen = activity;
                _lastPoll = now;
                await PollAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Live feed poll failed");
            }
        }
    }

    // Submissions created and transitions committed by this broker so far: a change in the sum means
    // the store has news.
    private double Activity() =>
        metrics.Submissions.WithLabels("created").Value + metrics.Transitions.GetAllLabelValues().Sum(labels => metrics.Transitions.WithLabels(labels).Value);

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var rows = await jobs.ChangedSinceAsync(_watermarkMs, MaxChangesPerPoll, cancellationToken);
        var fresh = rows.Where(r => !_sentAtWatermark.Contains((r.Id, r.Version))).ToArray();
        if (rows.Count > 0)
        {
            long newest = rows[^1].UpdatedAtMs;
            // Rows changed in the newest millisecond may be joined by more in that same millisecond:
            // ask from it again next time and skip what was sent.
            var atNewest = rows.Where(r => r.UpdatedAtMs == newest).Select(r => (r.Id, r.Version)).ToHashSet();
            if (newest == _watermarkMs) atNewest.UnionWith(_sentAtWatermark);
            // A full page within one millisecond would never advance: move on past it.
            if (rows.Count == MaxChangesPerPoll && rows[0].UpdatedAtMs == newest) { newest++; atNewest.Clear(); }
            _watermarkMs = newest;
            _sentAtWatermark = atNewest;
        }
        if (fresh.Length == 0) return;
        var views = fresh.Select(r => new JobChangeView(r.Id, r.Name, r.Tenant, r.State, r.Version, r.CenterId, JobViews.Time(r.UpdatedAtMs), r.Reason)).ToArray();
        string all = JsonSerializer.Serialize(views, Json);
        var byTenant = views.GroupBy(v => v.Tenant).ToDictionary(g => g.Key, g => JsonSerializer.Serialize(g.ToArray(), Json));
        foreach (var subscriber in _subscribers.Keys)
        {
            if (subscriber.Caller.IsAdmin) subscriber.Offer(new SseItem<string>(all, JobsEvent));
            else if (subscriber.Caller.Tenant is { } tenant && byTenant.TryGetValue(tenant, out var mine)) subscriber.Offer(new SseItem<string>(mine, JobsEvent));
        }
    }

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Hosting.BrokerHost.ConfigureJson(json);
        return json;
    }

    /// <summary>One open stream: a bounded queue of events (the oldest are dropped if the client reads too slowly).</summary>
    public sealed class Subscriber : IDisposable
    {
        private readonly LiveFeed _feed;
        private readonly Channel<SseItem<string>> _events = Channel.CreateBounded<SseItem<string>>(
            new BoundedChannelOptions(QueuedEventsPerSubscriber) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        internal Subscriber(LiveFeed feed, Caller caller)
        {
            _feed = feed;
            Caller = caller;
        }

        /// <summary>Who listens.</summary>
        public Caller Caller { get; }

        /// <summary>Queues an event for this stream.</summary>
        public void Offer(SseItem<string> item) => _events.Writer.TryWrite(item);

        /// <summary>The events, with a ping after <paramref name="idle"/> without any, until cancelled.</summary>
        public async IAsyncEnumerable<SseItem<string>> ReadAllAsync(TimeSpan idle, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(idle);
                SseItem<string> item;
                try
                {
                    item = await _events.Reader.ReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    item = new SseItem<string>("{}", PingEvent);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                yield return item;
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            _feed._subscribers.TryRemove(this, out _);
            _events.Writer.TryComplete();
        }
    }
}
