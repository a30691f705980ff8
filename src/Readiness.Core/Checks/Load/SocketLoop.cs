using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Readiness.Core.Checks.Load;

/// <summary>
/// One dedicated thread driving a share of the plain-http connections, as wrk's threads do: it waits for any of its
/// sockets with <see cref="Socket.Select"/>, reads what arrived, and sends a connection's next request the moment its
/// response is complete. There is no task, timer or thread-pool hand-off per request: measured on 2 cores, handing
/// each socket completion to the thread pool cost more CPU than the requests themselves (wake-ups and spinning).
/// Timeouts are one deadline check per connection per pass, not a timer per request.
/// </summary>
internal sealed class SocketLoop
{
    private static readonly long EarlyTicks = Stopwatch.Frequency / 1000;   // send up to 1 ms before due
    private static readonly long MaxWaitTicks = Stopwatch.Frequency / 50;   // look at deadlines every 20 ms at least
    private static readonly long RetryTicks = Stopwatch.Frequency / 100;    // a refused connect waits 10 ms before the next

    private readonly LoadSchedule _schedule;
    private readonly EndPoint _endPoint;
    private readonly Connection[] _connections;
    private readonly Dictionary<Socket, Connection> _bySocket = new(ReferenceEqualityComparer.Instance);
    private readonly ReadableSockets _readable = ReadableSockets.Create();
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SocketLoop(LoadSchedule schedule, EndPoint endPoint, int connections, LoadTally tally)
    {
        _schedule = schedule;
        _endPoint = endPoint;
        Tally = tally;
        _connections = Enumerable.Range(0, connections).Select(_ => new Connection(schedule)).ToArray();
    }

    public LoadTally Tally { get; }

    /// <summary>Completes when every connection of this thread has no more requests (or the run is stopped).</summary>
    public Task Completion => _done.Task;

    public void Start() => new Thread(Run) { IsBackground = true, Name = "readiness load" }.Start();

    /// <summary>One keep-alive connection and the request it is sending or about to send.</summary>
    private sealed class Connection(LoadSchedule schedule)
    {
        public Socket? Socket;
        public readonly byte[] Buffer = new byte[ResponseParser.MaxHeadLength];
        public int Start, End;
        public readonly ResponseParser Parser = new() { IsHead = schedule.IsHead };
        public readonly byte[] RequestBuffer = schedule.FixedRequest is null ? new byte[schedule.Template.MaxLength] : Array.Empty<byte>();
        public bool HasRequest, InFlight, Finished, Measured;
        public long Due, Sent, NotBefore;
    }

    private void Run()
    {
        var waiting = new List<Socket>(_connections.Length);
        var ready = new List<Socket>(_connections.Length);
        try
        {
            while (!_schedule.Stopping)
            {
                var now = Stopwatch.GetTimestamp();
                var wake = now + MaxWaitTicks;
                var busy = false;
                waiting.Clear();
                foreach (var c in _connections)
                {
                    if (c.InFlight)
                    {
                        if (now - c.Sent <= _schedule.TimeoutTicks)
                        {
                            busy = true;
                            waiting.Add(c.Socket!);
                            wake = Math.Min(wake, c.Sent + _schedule.TimeoutTicks + 1);
                            continue;
                        }
                        Fail(c, new TimeoutException(), timedOut: true, now);
                    }
                    if (!c.HasRequest)
                    {
                        if (c.Finished) continue;
                        if (!_schedule.TryTake(now, out c.Due, out c.Measured)) { c.Finished = true; continue; }
                        c.HasRequest = true;
                    }
                    busy = true;
                    var sendAt = Math.Max(c.Due, c.NotBefore);
                    if (sendAt - now > EarlyTicks) { wake = Math.Min(wake, sendAt - EarlyTicks); continue; }
                    if (Send(c)) waiting.Add(c.Socket!);
                }
                if (!busy) break;
                now = Stopwatch.GetTimestamp();
                if (waiting.Count == 0)
                {
                    var ms = (wake - now) * 1000 / Stopwatch.Frequency;
                    if (ms >= 1) Thread.Sleep((int)ms); else Thread.Yield();
                    continue;
                }
                var microseconds = (int)Math.Clamp((wake - now) * LoadSchedule.MicrosecondsPerTick, 0, 1_000_000);
                _readable.Wait(waiting, ready, microseconds);
                foreach (var socket in ready)
                {
                    if (!_bySocket.TryGetValue(socket, out var c)) continue;
                    if (c.InFlight) Receive(c);
                    else Drop(c); // closed by the server while idle (or sent bytes nobody asked for): the next request reconnects
                }
            }
            _done.TrySetResult();
        }
        catch (Exception ex) { _done.TrySetException(ex); }
        finally
        {
            foreach (var c in _connections) Drop(c);
            _readable.Dispose();
        }
    }

    private bool Send(Connection c)
    {
        try
        {
            if (c.Socket is null) Connect(c);
            var request = _schedule.NextRequest(c.RequestBuffer);
            c.Sent = Stopwatch.GetTimestamp();
            c.Socket!.Send(request.Span);
            c.InFlight = true;
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            Fail(c, ex, timedOut: false, Stopwatch.GetTimestamp());
            return false;
        }
    }

    private void Receive(Connection c)
    {
        try
        {
            if (c.End == c.Buffer.Length)
            {
                System.Buffer.BlockCopy(c.Buffer, c.Start, c.Buffer, 0, c.End - c.Start);
                c.End -= c.Start;
                c.Start = 0;
            }
            var read = c.Socket!.Receive(c.Buffer.AsSpan(c.End), SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock) return;
            if (error != SocketError.Success) throw new SocketException((int)error);
            int status;
            if (read == 0) status = c.Parser.Closed();
            else
            {
                c.End += read;
                status = c.Parser.Parse(c.Buffer.AsSpan(c.Start, c.End - c.Start), out var used);
                c.Start += used;
                if (c.Start == c.End) c.Start = c.End = 0;
                if (status == 0) return;
            }
            var end = Stopwatch.GetTimestamp();
            _schedule.Responded();
            c.InFlight = c.HasRequest = false;
            if (c.Measured) Tally.Response(status, _schedule.Latency(c.Due, c.Sent, end), end);
            if (read == 0 || !c.Parser.KeepAlive) Drop(c);
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            Fail(c, ex, timedOut: false, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>Connects without blocking longer than the request timeout (a dropped SYN would block for minutes).</summary>
    private void Connect(Connection c)
    {
        var socket = new Socket(_endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
        try
        {
            try { socket.Connect(_endPoint); }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress) { }
            var writable = new List<Socket> { socket };
            var failed = new List<Socket> { socket };
            Socket.Select(null, writable, failed, (int)Math.Min(int.MaxValue, _schedule.Options.RequestTimeout.TotalMicroseconds));
            if (writable.Count == 0 && failed.Count == 0)
                throw new TimeoutException($"Connecting to {_endPoint} took longer than {_schedule.Options.RequestTimeout.TotalSeconds:0.#} s.");
            var error = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
            if (error != 0) throw new SocketException(error);
            // Blocking from here: a read happens only after Select saw data, and a send of one request does not wait.
            socket.Blocking = true;
            socket.SendTimeout = (int)Math.Min(int.MaxValue, _schedule.Options.RequestTimeout.TotalMilliseconds);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        c.Socket = socket;
        _bySocket[socket] = c;
        _readable.Add(socket);
    }

    private void Fail(Connection c, Exception error, bool timedOut, long now)
    {
        Drop(c);
        c.InFlight = c.HasRequest = false;
        if (c.Measured && !_schedule.Stopping) Tally.Failure(error, timedOut, now);
        if (timedOut) _schedule.TimedOut();
        // A refused connection fails in microseconds: pause so a dead target is not hammered.
        if (!timedOut && error is SocketException) c.NotBefore = now + RetryTicks;
    }

    private void Drop(Connection c)
    {
        if (c.Socket is not { } socket) return;
        _bySocket.Remove(socket);
        _readable.Remove(socket);
        c.Socket = null;
        c.Start = c.End = 0;
        c.Parser.Reset();
        socket.Dispose();
    }
}
