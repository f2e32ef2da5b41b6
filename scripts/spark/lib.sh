# Shared by scripts/spark-test and scripts/benchmarks/bench-spark (source it): finding Spark, a standalone
# cluster on 127.0.0.1, and one `tessera spark` run followed by ingest and correlate.
#
# Needs: $python (a Python with pyspark), $work (a scratch directory), $bin (tessera).

spark_pids=()

# Sets $submit and $spark_home, or calls skip REASON (defined by the caller).
spark_find() {
    command -v java > /dev/null || skip "java is not installed (apt-get install openjdk-17-jre-headless)"
    "$python" -c 'import pyspark' 2> /dev/null || skip "pyspark is not installed for $python (pip install pyspark)"
    submit=$(dirname "$(command -v "$python")")/spark-submit
    [ -x "$submit" ] || skip "$submit is absent (pyspark's spark-submit)"
    spark_home=$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
    export PYSPARK_PYTHON=$(command -v "$python")
    export SPARK_LOCAL_IP=127.0.0.1
}

spark_stop() {
    for pid in "${spark_pids[@]}"; do kill "$pid" 2> /dev/null || true; done
    for pid in "${spark_pids[@]}"; do wait "$pid" 2> /dev/null || true; done
    spark_pids=()
}

free_port() { "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# A standalone master and WORKERS workers of one core each (default 2), from the pyspark
# distribution, on 127.0.0.1; sets $master_url once every worker has registered.
spark_cluster() {
    local workers=${1:-2} port i
    port=$(free_port)
    : > "$work/master.log"
    "$spark_home/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" \
        --webui-port "$(free_port)" >> "$work/master.log" 2>&1 &
    spark_pids+=($!)
    for i in $(seq 1 "$workers"); do
        mkdir -p "$work/worker$i"
        "$spark_home/bin/spark-class" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 1 --memory 2g \
            --work-dir "$work/worker$i" --webui-port "$(free_port)" "spark://127.0.0.1:$port" > "$work/worker$i.log" 2>&1 &
        spark_pids+=($!)
    done
    registered() { grep -o 'Registering worker [0-9.:]*' "$work/master.log" | sort -u | wc -l; }
    for _ in $(seq 1 120); do
        [ "$(registered)" -ge "$workers" ] && break
        sleep 1
    done
    if [ "$(registered)" -lt "$workers" ]; then
        tail -20 "$work/master.log"
        echo "the $workers workers did not register with the master"
        return 1
    fi
    master_url=spark://127.0.0.1:$port
}

# spark_run NAME MASTER EVIDENCE [tessera spark options...]: the job, then ingest and correlate
# into $work/NAME.db (with the options' --policy/--aliases); prints the job's summary line.
spark_run() {
    local name=$1 master=$2 evidence=$3
    shift 3
    if ! "$bin" spark --spark-submit "$submit" --master "$master" --evidence "$evidence" "$@" \
            --out "$work/$name.out" > "$work/$name.log" 2>&1; then
        grep -v ' INFO \| WARN ' "$work/$name.log" | tail -30
        echo "the Spark job on $master failed"
        return 1
    fi
    grep '^tessera spark:' "$work/$name.log"
    "$bin" ingest --store "$work/$name.db" "$work/$name.out" > "$work/$name-ingest.log" || { cat "$work/$name-ingest.log"; return 1; }
    local correlate=() previous=""
    for arg in "$@"; do
        case $previous in --policy|--aliases|--slack) correlate+=("$previous" "$arg") ;; esac
        previous=$arg
    done
    "$bin" correlate --store "$work/$name.db" "${correlate[@]}" > "$work/$name-correlate.log"
}
