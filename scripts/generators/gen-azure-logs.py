#!/usr/bin/env python3
"""Writes synthetic Azure logs for scripts/benchmarks/bench-azure, deterministic per seed, in the shapes the
azure-monitor plugin reads: an Activity Log diagnostic-settings blob ({"records": [...]}), a Key
Vault AuditEvent blob, Entra sign-ins as Event Hub JSON Lines, and a Log Analytics SigninLogs
"Export to CSV" file. Field sets follow the real samples in ../shared/samples/real/azure-*.

usage: gen-azure-logs.py OUT_DIR RECORDS_PER_FILE [SEED]
"""
import csv, json, os, random, sys, uuid
from datetime import datetime, timedelta, timezone

out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
os.makedirs(out, exist_ok=True)
t0 = datetime(2024, 3, 1, tzinfo=timezone.utc)
users = [f"user{i}@contoso.example" for i in range(200)]
tenant = "9e4a1c2b-7f3d-4b8e-a6c5-1d2e3f4a5b6c"
sub = "5c1d7e2a-8b3f-4a6d-9e0c-7f2b1a3d4c5e"
ops = ["Microsoft.Network/networkSecurityGroups/securityRules/write", "Microsoft.Compute/virtualMachines/write",
       "Microsoft.Authorization/roleAssignments/write", "Microsoft.Storage/storageAccounts/listKeys/action",
       "Microsoft.Compute/virtualMachines/runCommand/action", "Microsoft.Network/routeTables/write"]

def gid(): return str(uuid.UUID(int=rng.getrandbits(128)))
def ts(i): return (t0 + timedelta(seconds=i * 7, microseconds=rng.randrange(10**6))).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")
def ip(): return f"203.0.113.{rng.randrange(1, 255)}"

def activity(i):
    op, user, corr = rng.choice(ops), rng.choice(users), gid()
    rid = f"/SUBSCRIPTIONS/{sub.upper()}/RESOURCEGROUPS/RG-{i % 17}/PROVIDERS/{op.rsplit('/', 1)[0].upper()}/R{i}"
    return {"time": ts(i), "resourceId": rid, "operationName": op.upper(), "category": "Administrative",
            "resultType": rng.choice(["Start", "Success"]), "resultSignature": "Succeeded.", "durationMs": str(rng.randrange(9000)),
            "callerIpAddress": ip(), "correlationId": corr,
            "identity": {"authorization": {"scope": rid.lower(), "action": op, "evidence": {"role": "Contributor", "principalId": gid(), "principalType": "User"}},
                         "claims": {"aud": "https://management.core.windows.net/", "iss": f"https://sts.windows.net/{tenant}/", "appid": gid(),
                                    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": user,
                                    "http://schemas.microsoft.com/identity/claims/objectidentifier": gid(),
                                    "http://schemas.microsoft.com/identity/claims/tenantid": tenant, "ipaddr": ip()}},
            "level": "Information", "properties": {"statusCode": "OK", "serviceRequestId": gid(), "eventCategory": "Administrative",
                                                   "entity": rid.lower(), "message": op, "hierarchy": f"{tenant}/{sub}"},
            "tenantId": tenant}

def keyvault(i):
    op = rng.choice(["SecretGet", "SecretList", "KeyDecrypt", "CertificateGet", "VaultGet"])
    name = f"secret-{i % 300}"
    return {"time": ts(i), "resourceId": f"/SUBSCRIPTIONS/{sub.upper()}/RESOURCEGROUPS/RG-ID/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/KV{i % 5}",
            "operationName": op, "operationVersion": "7.4", "category": "AuditEvent", "resultType": "Success", "resultSignature": "OK",
            "resultDescription": "", "durationMs": str(rng.randrange(200)), "callerIpAddress": ip(), "correlationId": gid(),
            "identity": {"claim": {"http://schemas.microsoft.com/identity/claims/objectidentifier": gid(), "appid": gid(),
                                   "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": rng.choice(users)}},
            "properties": {"id": f"https://kv{i % 5}.vault.azure.net/secrets/{name}/{uuid.UUID(int=rng.getrandbits(128)).hex}",
                           "clientInfo": "azsdk-python-keyvault-secrets/4.7.0 Python/3.11.2", "requestUri": f"https://kv{i % 5}.vault.azure.net/secrets/{name}/?api-version=7.4",
                           "httpStatusCode": 200}}

def signin(i):
    user, ok = rng.choice(users), rng.random() < 0.9
    return {"id": gid(), "createdDateTime": ts(i)[:-2] + "Z", "userDisplayName": user.split("@")[0], "userPrincipalName": user, "userId": gid(),
            "appId": gid(), "appDisplayName": rng.choice(["Azure Portal", "Microsoft Office", "Microsoft Teams"]), "ipAddress": ip(),
            "clientAppUsed": "Browser", "correlationId": gid(), "conditionalAccessStatus": rng.choice(["success", "notApplied"]),
            "isInteractive": True, "riskDetail": "none", "riskLevelAggregated": "none", "riskState": "none",
            "resourceDisplayName": "Windows Azure Service Management API", "resourceId": gid(),
            "status": {"errorCode": 0 if ok else 50126, "failureReason": "Other." if ok else "Invalid username or password", "additionalDetails": None},
            "deviceDetail": {"deviceId": "", "displayName": None, "operatingSystem": "Windows 10", "browser": "Edge 120.0.0"},
            "location": {"city": "Redmond", "state": "Washington", "countryOrRegion": "US", "geoCoordinates": {"altitude": None, "latitude": 47.68, "longitude": -122.12}},
            "appliedConditionalAccessPolicies": [{"id": gid(), "displayName": "Require MFA", "enforcedGrantControls": ["Mfa"], "result": "success"}]}

with open(f"{out}/activity-records.json", "w") as f:
    f.write('{"records": [\n' + ",\n".join(json.dumps(activity(i)) for i in range(n)) + "\n]}\n")
with open(f"{out}/keyvault-records.json", "w") as f:
    f.write('{"records": [\n' + ",\n".join(json.dumps(keyvault(i)) for i in range(n)) + "\n]}\n")
with open(f"{out}/signins.jsonl", "w") as f:
    for i in range(n):
        f.write(json.dumps({"records": [dict(time=ts(i), tenantId=tenant, category="SignInLogs", operationName="Sign-in activity",
                                             callerIpAddress=ip(), resultType="0", properties=signin(i))]}) + "\n")
with open(f"{out}/SigninLogs.csv", "w", newline="", encoding="utf-8-sig") as f:
    w = csv.writer(f)
    w.writerow(["TimeGenerated [UTC]", "UserPrincipalName", "AppDisplayName", "IPAddress", "ResultType", "ConditionalAccessStatus",
                "LocationDetails", "Status", "DeviceDetail", "Id", "TenantId", "CorrelationId", "Type"])
    for i in range(n):
        s = signin(i)
        t = t0 + timedelta(seconds=i * 7)
        local = f"{t.month}/{t.day}/{t.year}, {(t.hour % 12) or 12}:{t.minute:02d}:{t.second:02d}.{rng.randrange(1000):03d} {'AM' if t.hour < 12 else 'PM'}"
        w.writerow([local, s["userPrincipalName"], s["appDisplayName"], s["ipAddress"], s["status"]["errorCode"], s["conditionalAccessStatus"],
                    json.dumps(s["location"]), json.dumps(s["status"]), json.dumps(s["deviceDetail"]), s["id"], tenant, s["correlationId"], "SigninLogs"])
